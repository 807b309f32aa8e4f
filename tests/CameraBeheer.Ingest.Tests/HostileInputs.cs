using static CameraBeheer.Ingest.Tests.DecoderFixture;

namespace CameraBeheer.Ingest.Tests;

/// <summary>One way an edge (or whoever can publish to the broker) can break contract v1, and how the backend must answer it.</summary>
/// <param name="Reason">The exact <see cref="RejectReasons"/> code.</param>
/// <param name="DetailMentions">Text the detail must contain: the field, the id, the size: what a person needs to find the fault.</param>
/// <param name="KnownBug">Set when the decoder does not yet reject this input; the row is skipped with this text.</param>
public sealed record HostileInput(string Name, string Topic, byte[] Payload, string Reason, string DetailMentions, string? KnownBug = null)
{
    public override string ToString() => Name;
}

/// <summary>The corpus of hostile input: malformed JSON, wrong types, ids that could escape a path or a topic, impossible times, unknown sources.</summary>
public static class HostileInputs
{
    public const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static IReadOnlyList<HostileInput> All { get; } = Build();

    public static HostileInput Named(string name) => All.Single(x => x.Name == name);

    /// <summary>A motion payload for cam-01 with one member replaced or added (<paramref name="members"/> is raw JSON).</summary>
    private static string Motion(string members) => "{" + members + "}";

    private static string MotionWith(string? id = "\"m-1\"", string? ts = $"\"{RecentTs}\"", string? phase = "\"start\"", string? score = "0.5", string extra = "")
    {
        var parts = new List<string>();
        if (id is not null) parts.Add($"\"id\":{id}");
        if (ts is not null) parts.Add($"\"ts\":{ts}");
        if (phase is not null) parts.Add($"\"phase\":{phase}");
        if (score is not null) parts.Add($"\"score\":{score}");
        if (extra.Length > 0) parts.Add(extra);
        return Motion(string.Join(",", parts));
    }

    private static string SegmentWith(string start = "2026-03-10T11:58:00.000Z", string end = RecentTs, string @object = "footage/domus-almere-poort/cam-01/2026/03/10/1158.mp4", string bytes = "1048576", string sha256 = Sha256) =>
        $$"""{"id":"s-1","start":"{{start}}","end":"{{end}}","object":"{{@object}}","bytes":{{bytes}},"sha256":"{{sha256}}"}""";

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static List<HostileInput> Build()
    {
        var motion = MotionTopic();
        var valid = MotionWith();
        var list = new List<HostileInput>();
        void Add(string name, string topic, string json, string reason, string mentions, string? knownBug = null) => list.Add(new(name, topic, Utf8(json), reason, mentions, knownBug));
        void AddBytes(string name, string topic, byte[] payload, string reason, string mentions) => list.Add(new(name, topic, payload, reason, mentions));

        // The payload as JSON.
        Add("truncated JSON", motion, valid[..30], RejectReasons.MalformedJson, "end of data");
        Add("score as a string", motion, MotionWith(score: "\"0.5\""), RejectReasons.MalformedJson, "$.score");
        Add("ts as a number", motion, MotionWith(ts: "1773143940000"), RejectReasons.MalformedJson, "$.ts");
        Add("preset as a string", MotionTopic("dome-01"), MotionWith(extra: "\"preset\":\"3\""), RejectReasons.MalformedJson, "$.preset");
        Add("JSON array at top level", motion, "[" + valid + "]", RejectReasons.MalformedJson, "not valid JSON");
        Add("JSON null at top level", motion, "null", RejectReasons.MalformedJson, "JSON null");
        Add("JSON number at top level", motion, "42", RejectReasons.MalformedJson, "not valid JSON");
        Add("JSON string at top level", motion, "\"motion\"", RejectReasons.MalformedJson, "not valid JSON");
        AddBytes("1 MiB payload", motion, Pad(valid, 1024 * 1024), RejectReasons.Oversized, "1048576 bytes");
        AddBytes("16 KiB + 1 payload", motion, Pad(valid, EdgeMessageDecoder.MaxPayloadBytes + 1), RejectReasons.Oversized, "16385 bytes");
        AddBytes("empty payload", motion, [], RejectReasons.Empty, "empty");
        Add("deeply nested JSON", motion, new string('[', 1000) + new string(']', 1000), RejectReasons.MalformedJson, "depth");
        Add("nested object in an unknown member", motion, MotionWith(extra: "\"x\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}"), RejectReasons.MalformedJson, "depth");
        Add("unknown property", motion, MotionWith(extra: "\"colour\":\"red\""), RejectReasons.MalformedJson, "'colour'");
        Add("property name in the wrong case", motion, MotionWith(id: null, extra: "\"ID\":\"m-1\""), RejectReasons.MalformedJson, "'ID'");
        Add("JSON with a comment", motion, valid.Replace(",", ",/* c */", StringComparison.Ordinal), RejectReasons.MalformedJson, "not valid JSON");
        Add("raw control character in a string", motion, MotionWith(id: "\"m\u0007-1\""), RejectReasons.MalformedJson, "0x07");
        Add("text after the JSON value", motion, valid + " trailing garbage", RejectReasons.MalformedJson, "not valid JSON");
        Add("two JSON values", motion, valid + valid, RejectReasons.MalformedJson, "not valid JSON");

        // Event ids: they become file content and log lines, and must not smuggle paths, wildcards or terminal escapes.
        Add("id with '/'", motion, MotionWith(id: "\"m/1\""), RejectReasons.InvalidField, "'/'");
        Add("id with '..'", motion, MotionWith(id: "\"m..1\""), RejectReasons.InvalidField, "'..'");
        Add("id with '+'", motion, MotionWith(id: "\"m+1\""), RejectReasons.InvalidField, "'+'");
        Add("id with '#'", motion, MotionWith(id: "\"m#1\""), RejectReasons.InvalidField, "'#'");
        Add("id with a space", motion, MotionWith(id: "\"m 1\""), RejectReasons.InvalidField, "spaces");
        Add("id with a backslash", motion, MotionWith(id: "\"m\\\\1\""), RejectReasons.InvalidField, "field 'id'");
        Add("id with a control character", motion, MotionWith(id: "\"m\\u0007\\u001b[2J\""), RejectReasons.InvalidField, "\\u0007");
        Add("id with a line separator", motion, MotionWith(id: "\"m\\u20281\""), RejectReasons.InvalidField, "field 'id'");
        Add("id of 65 characters", motion, MotionWith(id: $"\"{new string('m', 65)}\""), RejectReasons.InvalidField, "65 characters");
        Add("empty id", motion, MotionWith(id: "\"\""), RejectReasons.MissingField, "'id'");
        Add("id as a number", motion, MotionWith(id: "1"), RejectReasons.MalformedJson, "$.id");
        Add("missing id", motion, MotionWith(id: null), RejectReasons.MissingField, "'id'");
        Add("missing ts", motion, MotionWith(ts: null), RejectReasons.MissingField, "'ts'");
        Add("missing phase", motion, MotionWith(phase: null), RejectReasons.MissingField, "'phase'");
        Add("missing score", motion, MotionWith(score: null), RejectReasons.MissingField, "'score'");
        Add("empty object", motion, "{}", RejectReasons.MissingField, "'id'");

        // Values.
        Add("phase 'stop'", motion, MotionWith(phase: "\"stop\""), RejectReasons.InvalidField, "'stop'");
        Add("score NaN (not JSON)", motion, MotionWith(score: "NaN"), RejectReasons.MalformedJson, "invalid start of a value");
        Add("score -0.1", motion, MotionWith(score: "-0.1"), RejectReasons.InvalidField, "'score'");
        Add("score 1.5", motion, MotionWith(score: "1.5"), RejectReasons.InvalidField, "'score'");
        Add("score 1e400 (overflows to infinity)", motion, MotionWith(score: "1e400"), RejectReasons.InvalidField, "'score'");
        Add("ts 10 minutes in the future", motion, MotionWith(ts: "\"2026-03-10T12:10:00.000Z\""), RejectReasons.FutureTimestamp, "ahead");
        Add("ts 29 days old", motion, MotionWith(ts: "\"2026-02-09T12:00:00.000Z\""), RejectReasons.ExpiredTimestamp, "retention period");
        Add("ts without a zone", motion, MotionWith(ts: "\"2026-03-10T11:59:00.000\""), RejectReasons.MalformedJson, "with a zone");
        Add("ts as a date without a time", motion, MotionWith(ts: "\"2026-03-10\""), RejectReasons.MalformedJson, "with a zone");
        Add("ts as garbage text", motion, MotionWith(ts: "\"yesterday at noon\""), RejectReasons.MalformedJson, "$.ts");
        Add("ts outside the representable range", motion, MotionWith(ts: "\"0001-01-01T00:00:00.000+01:00\""), RejectReasons.MalformedJson, "$.ts");

        // Topics.
        Add("topic of contract v2", $"camerabeheer/v2/{Site}/camera/cam-01/motion", valid, RejectReasons.UnknownTopic, "not a topic of contract v1");
        Add("topic camerabeheer/v1/x", "camerabeheer/v1/x", valid, RejectReasons.UnknownTopic, "camerabeheer/v1/x");
        Add("topic with an extra level", motion + "/extra", valid, RejectReasons.UnknownTopic, "not a topic of contract v1");
        Add("topic with a trailing slash", motion + "/", valid, RejectReasons.UnknownTopic, "not a topic of contract v1");
        Add("topic ending in video", $"camerabeheer/v1/{Site}/camera/cam-01/video", valid, RejectReasons.UnknownTopic, "not a topic of contract v1");
        Add("gate topic with a camera leaf", $"camerabeheer/v1/{Site}/gate/hoofdingang/motion", valid, RejectReasons.UnknownTopic, "not a topic of contract v1");
        Add("empty topic", "", valid, RejectReasons.UnknownTopic, "not a topic of contract v1");
        Add("camera id 'Cam-01' in the topic", MotionTopic("Cam-01"), valid, RejectReasons.IdOutOfPattern, "Cam-01");
        Add("camera id 'cam_01' in the topic", MotionTopic("cam_01"), valid, RejectReasons.IdOutOfPattern, "cam_01");
        Add("camera id of 65 characters in the topic", MotionTopic(new string('c', 65)), valid, RejectReasons.IdOutOfPattern, "out of pattern");
        Add("camera id with a control character in the topic", MotionTopic("cam-01\u001b"), valid, RejectReasons.IdOutOfPattern, "\\u001b");
        Add("site id of another site", $"camerabeheer/v1/other-site/camera/cam-01/motion", valid, RejectReasons.UnknownSite, "'other-site'");
        Add("unknown camera cam-99", MotionTopic("cam-99"), valid, RejectReasons.UnknownCamera, "'cam-99'");
        Add("unknown gate", GateTopic("poort-achter"), $$"""{"id":"g-1","ts":"{{RecentTs}}","kind":"opened"}""", RejectReasons.UnknownGate, "'poort-achter'");

        // Against the site configuration.
        Add("unknown region for cam-01", motion, MotionWith(extra: "\"region\":\"yard\""), RejectReasons.InvalidField, "'yard'");
        Add("preset on a facility camera", motion, MotionWith(extra: "\"preset\":1"), RejectReasons.InvalidField, "no preset 1");
        Add("preset 9 on a dome with fewer", MotionTopic("dome-03"), MotionWith(extra: "\"preset\":9"), RejectReasons.InvalidField, "no preset 9");

        // Bytes that are not UTF-8 JSON.
        var badUtf8InId = Utf8(MotionWith(id: "\"m-XX\""));
        var at = Array.IndexOf(badUtf8InId, (byte)'X');
        (badUtf8InId[at], badUtf8InId[at + 1]) = (0xC3, 0x28);
        AddBytes("invalid UTF-8 in the id", motion, badUtf8InId, RejectReasons.MalformedJson, "$.id");
        AddBytes("invalid UTF-8 as the payload", motion, [0xC3, 0x28], RejectReasons.MalformedJson, "0xC3");
        // RFC 8259 forbids a BOM in JSON on the wire; the decoder does not skip one, so the message is dead-lettered.
        AddBytes("UTF-8 BOM before the JSON", motion, [0xEF, 0xBB, 0xBF, .. Utf8(valid)], RejectReasons.MalformedJson, "0xEF");
        AddBytes("binary garbage", motion, [0x00, 0xFF, 0x10, 0x80, 0x7B], RejectReasons.MalformedJson, "not valid JSON");

        // Segments: the object name is later used to fetch footage, so it must stay inside the camera's own folder.
        var segment = SegmentTopic();
        Add("segment that ends before it starts", segment, SegmentWith(start: RecentTs, end: "2026-03-10T11:58:00.000Z"), RejectReasons.InvalidField, "'end'");
        Add("segment object of another camera", segment, SegmentWith(@object: "footage/domus-almere-poort/cam-02/1158.mp4"), RejectReasons.InvalidField, "'object'");
        Add("segment object outside footage/", segment, SegmentWith(@object: "grains/camera/cam-01.json"), RejectReasons.InvalidField, "'object'");
        Add("segment object with '..'", segment, SegmentWith(@object: "footage/domus-almere-poort/cam-01/../../../signing.key"), RejectReasons.InvalidField, "'object'");
        Add("segment sha256 in upper case", segment, SegmentWith(sha256: Sha256.ToUpperInvariant()), RejectReasons.InvalidField, "'sha256'");
        Add("segment sha256 of 63 digits", segment, SegmentWith(sha256: Sha256[..63]), RejectReasons.InvalidField, "'sha256'");
        Add("segment of 0 bytes", segment, SegmentWith(bytes: "0"), RejectReasons.InvalidField, "'bytes'");
        Add("segment bytes as a fraction", segment, SegmentWith(bytes: "1.5"), RejectReasons.MalformedJson, "$.bytes");

        // Gates and status.
        Add("gate kind 'exploded'", GateTopic(), $$"""{"id":"g-1","ts":"{{RecentTs}}","kind":"exploded"}""", RejectReasons.InvalidField, "'exploded'");
        Add("gate badge of 65 characters", GateTopic(), $$"""{"id":"g-1","ts":"{{RecentTs}}","kind":"badge","badge":"{{new string('b', 65)}}"}""", RejectReasons.InvalidField, "'badge'");
        Add("status state 'sleeping'", StatusTopic(), $$"""{"state":"sleeping","ts":"{{RecentTs}}"}""", RejectReasons.InvalidField, "'sleeping'");
        Add("status without ts", StatusTopic(), """{"state":"online"}""", RejectReasons.MissingField, "'ts'");
        return list;
    }

    /// <summary>A valid payload padded with JSON whitespace to exactly <paramref name="length"/> bytes.</summary>
    public static byte[] Pad(string json, int length)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var padded = new byte[length];
        bytes.CopyTo(padded, 0);
        padded.AsSpan(bytes.Length).Fill((byte)' ');
        return padded;
    }
}
