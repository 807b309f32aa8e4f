using CameraBeheer.Contracts.Text;
using static CameraBeheer.Ingest.Tests.DecoderFixture;

namespace CameraBeheer.Ingest.Tests;

/// <summary>Bad input never stops ingest: every way a message breaks contract v1 ends in a reason code and a detail a person can act on.</summary>
public sealed class HostileInputDecoderTests
{
    public static IEnumerable<TheoryDataRow<string>> Corpus() =>
        HostileInputs.All.Select(x => new TheoryDataRow<string>(x.Name) { Skip = x.KnownBug is null ? null : $"known bug: {x.KnownBug}" });

    [Fact]
    public void The_corpus_covers_at_least_35_kinds_of_hostile_input_each_named_once()
    {
        Assert.True(HostileInputs.All.Count >= 35, $"{HostileInputs.All.Count} hostile inputs");
        Assert.Equal(HostileInputs.All.Count, HostileInputs.All.Select(x => x.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Hostile_input_is_rejected_with_its_reason_and_a_detail_naming_the_problem(string name)
    {
        var input = HostileInputs.Named(name);

        var rejected = Assert.IsType<EdgeMessage.Rejected>(Decode(input.Topic, input.Payload));

        Assert.Equal(input.Reason, rejected.Reason);
        Assert.Contains(input.DetailMentions, rejected.Detail, StringComparison.Ordinal);
        // The detail goes into logs: bounded, and no raw control characters from the input.
        Assert.True(rejected.Detail.Length < 1024, $"detail of {rejected.Detail.Length} characters");
        Assert.DoesNotContain(rejected.Detail, char.IsControl);
    }

    [Fact]
    public void Truncated_json_is_dead_lettered_as_malformed()
    {
        var rejected = Assert.IsType<EdgeMessage.Rejected>(Decode(MotionTopic(), $$"""{"id":"m-1","ts":"{{RecentTs}}","pha"""));
        Assert.Equal(RejectReasons.MalformedJson, rejected.Reason);
    }

    [Fact]
    public void A_payload_one_byte_over_16_KiB_is_oversized_even_when_it_is_valid_json()
    {
        var payload = HostileInputs.Pad($$"""{"id":"m-1","ts":"{{RecentTs}}","phase":"start","score":0.5}""", EdgeMessageDecoder.MaxPayloadBytes + 1);
        var rejected = Assert.IsType<EdgeMessage.Rejected>(Decode(MotionTopic(), payload));
        Assert.Equal(RejectReasons.Oversized, rejected.Reason);
    }

    [Fact]
    public void A_utf8_bom_before_the_json_is_dead_lettered_as_malformed()
    {
        // RFC 8259 §8.1: implementations MUST NOT add a byte order mark to JSON on the wire. The decoder does not skip one.
        var rejected = Assert.IsType<EdgeMessage.Rejected>(Decode(MotionTopic(), [0xEF, 0xBB, 0xBF, .. "{}"u8]));
        Assert.Equal(RejectReasons.MalformedJson, rejected.Reason);
    }

    [Fact]
    public void The_decoder_never_throws_on_random_bytes_or_random_mutations_of_valid_payloads()
    {
        var random = new Random(20260310);
        var decoder = NewDecoder();
        string[] topics = [MotionTopic(), MotionTopic("dome-01"), SegmentTopic(), StatusTopic(), GateTopic()];
        string[] valid =
        [
            $$"""{"id":"m-1","ts":"{{RecentTs}}","phase":"start","region":"forecourt","score":0.42}""",
            $$"""{"id":"m-2","ts":"{{RecentTs}}","phase":"update","preset":3,"score":1}""",
            $$"""{"id":"s-1","start":"2026-03-10T11:58:00.000Z","end":"{{RecentTs}}","object":"footage/domus-almere-poort/cam-01/a.mp4","bytes":10,"sha256":"{{HostileInputs.Sha256}}"}""",
            $$"""{"state":"online","ts":"{{RecentTs}}"}""",
            $$"""{"id":"g-1","ts":"{{RecentTs}}","kind":"badge","badge":"0042"}""",
        ];
        string[] tokens = ["null", "-1", "1e309", "-0", "\"", "\\", "{", "}", "[", "]", ",", ":", "\\u0000", "\\ud800", "é", "\u2028", "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "true", "NaN", "../"];
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 2000; i++)
        {
            string topic;
            byte[] payload;
            if (i % 2 == 0)
            {
                topic = topics[random.Next(topics.Length)];
                payload = new byte[random.Next(0, 300)];
                random.NextBytes(payload);
            }
            else
            {
                var which = random.Next(valid.Length);
                topic = random.Next(10) == 0 ? Mutate(topics[which], random, tokens) : topics[which];
                payload = System.Text.Encoding.UTF8.GetBytes(Mutate(valid[which], random, tokens));
                if (payload.Length > 0 && random.Next(20) == 0) payload[random.Next(payload.Length)] = (byte)random.Next(0x80, 0x100); // stray high byte
            }

            EdgeMessage result;
            try
            {
                result = decoder.Decode(topic, new ReadOnlySequence<byte>(payload));
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i}: Decode threw {e.GetType().Name}: {e.Message}\ntopic: {Printable.Excerpt(topic, 200)}\npayload: {Convert.ToHexString(payload)}");
                throw;
            }
            Assert.NotNull(result);
            if (result is EdgeMessage.Rejected rejected)
            {
                Assert.False(string.IsNullOrWhiteSpace(rejected.Detail));
                outcomes[rejected.Reason] = outcomes.GetValueOrDefault(rejected.Reason) + 1;
            }
            else outcomes["accepted"] = outcomes.GetValueOrDefault("accepted") + 1;
        }

        string[] known = [RejectReasons.UnknownTopic, RejectReasons.UnknownSite, RejectReasons.UnknownCamera, RejectReasons.UnknownGate, RejectReasons.IdOutOfPattern,
            RejectReasons.Oversized, RejectReasons.Empty, RejectReasons.MalformedJson, RejectReasons.MissingField, RejectReasons.InvalidField,
            RejectReasons.FutureTimestamp, RejectReasons.ExpiredTimestamp, "accepted"];
        Assert.All(outcomes.Keys, reason => Assert.Contains(reason, known));
        // The mutations must reach past the JSON parser, or the test proves little.
        Assert.True(outcomes.Count >= 5, string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}")));
    }

    private static string Mutate(string text, Random random, string[] tokens)
    {
        var s = text;
        for (var n = random.Next(1, 4); n > 0 && s.Length > 0; n--)
        {
            var at = random.Next(s.Length);
            s = random.Next(5) switch
            {
                0 => s.Remove(at, 1).Insert(at, ((char)random.Next(0x20, 0x7F)).ToString()),
                1 => s.Remove(at, Math.Min(random.Next(1, 8), s.Length - at)),
                2 => s.Insert(at, tokens[random.Next(tokens.Length)]),
                3 => s[..at],
                _ => s.Insert(at, s.Substring(at, Math.Min(random.Next(1, 20), s.Length - at))),
            };
        }
        return s;
    }
}
