using System.Security.Cryptography;
using System.Text;

namespace CameraBeheer.Domain.Tests.Audit;

/// <summary>
/// The chain rule under test: each line stores the hash of the line before it (not its own), so an edited line
/// is reported at the line after it; entries cut off the end are only found by comparing with the log's head.
/// </summary>
public sealed class AuditChainTests
{
    private const string Site = "domus-almere-poort";
    private static readonly DateOnly Day = new(2026, 11, 22);

    [Fact]
    public void A_line_has_fixed_property_order_and_utc_time_with_milliseconds()
    {
        var entry = new AuditEntry(
            new DateTimeOffset(2026, 11, 22, 11, 0, 2, 123, TimeSpan.FromHours(1)),
            "J. de Vries", "police", "FootageRequests/Create", "domus-almere-poort/cam-01", "ok", null, new string('a', 64), 1);

        var line = AuditChain.Serialize(entry);

        Assert.Equal(
            "{\"seq\":1,\"time\":\"2026-11-22T10:00:02.123Z\",\"caller\":\"J. de Vries\",\"role\":\"police\","
            + "\"method\":\"FootageRequests/Create\",\"target\":\"domus-almere-poort/cam-01\",\"outcome\":\"ok\",\"reason\":null,"
            + $"\"prev\":\"{new string('a', 64)}\"}}",
            line);
    }

    [Fact]
    public void A_newline_in_a_field_never_splits_the_line()
    {
        var entry = AuditChain.Next(AuditChain.Genesis(Site, Day), 1, Time(1), "Müller", "manager", "Audit/Read", Site, "ok", "first\nsecond");

        var line = AuditChain.Serialize(entry);

        Assert.DoesNotContain('\n', line);
        Assert.Contains("Müller", line, StringComparison.Ordinal);
        Assert.Equal(entry, AuditChain.Parse(line));
    }

    [Fact]
    public void The_line_hash_is_lowercase_hex_sha256_of_the_utf8_line()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AuditChain.HashLine("abc"));
    }

    [Fact]
    public void The_genesis_hash_ties_the_chain_to_its_site_and_day()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("camerabeheer-audit|domus-almere-poort|2026-11-22")));

        Assert.Equal(expected, AuditChain.Genesis(Site, Day));
        Assert.NotEqual(expected, AuditChain.Genesis(Site, Day.AddDays(1)));
        Assert.NotEqual(expected, AuditChain.Genesis("other-site", Day));
    }

    [Fact]
    public void Next_keeps_utc_milliseconds_so_the_entry_equals_its_line()
    {
        var local = new DateTimeOffset(2026, 11, 22, 11, 0, 2, TimeSpan.FromHours(1)).AddTicks(1_234_567);

        var entry = AuditChain.Next(AuditChain.Genesis(Site, Day), 1, local, "op", "operator", "Alerts/Ack", Site, "ok");

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 0, 2, 123, TimeSpan.Zero), entry.Time);
        Assert.Equal(TimeSpan.Zero, entry.Time.Offset);
        Assert.Equal(entry, AuditChain.Parse(AuditChain.Serialize(entry)));
    }

    [Fact]
    public void An_untouched_day_is_intact_with_or_without_the_final_newline()
    {
        var (lines, head) = BuildDay();

        var plain = AuditChain.Verify(Site, Day, lines, head);
        var withNewline = AuditChain.Verify(Site, Day, (string.Join('\n', lines) + "\n").Split('\n'), head);

        Assert.Equal(new AuditVerification(true, 6, null, null), plain);
        Assert.Equal(plain, withNewline);
    }

    [Fact]
    public void An_empty_day_with_an_empty_head_is_intact()
    {
        Assert.True(AuditChain.Verify(Site, Day, [], AuditHead.Start(Site, Day)).Intact);
    }

    [Fact]
    public void An_edited_line_breaks_the_chain_at_the_line_after_it()
    {
        var (lines, _) = BuildDay();
        lines[2] = lines[2].Replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\"", StringComparison.Ordinal);

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(
            new AuditVerification(false, 3, 4, "line 4: prev does not match the hash of line 3 (entry edited, inserted or deleted)"),
            result);
    }

    [Fact]
    public void A_whitespace_only_edit_is_an_edit_too()
    {
        var (lines, _) = BuildDay();
        lines[1] = lines[1].Replace(",", ", ", StringComparison.Ordinal);

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(3, result.LineNumber);
    }

    [Fact]
    public void A_forged_line_that_copies_the_previous_hash_is_caught_at_the_line_after_it()
    {
        var (lines, _) = BuildDay();
        var forged = AuditChain.Serialize(
            AuditChain.Next(AuditChain.HashLine(lines[1]), 3, Time(2).AddMilliseconds(500), "forger", "admin", "Audit/Read", Site, "ok"));
        lines.Insert(2, forged);

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.False(result.Intact);
        Assert.Equal(4, result.LineNumber);
        Assert.Equal("line 4: prev does not match the hash of line 3 (entry edited, inserted or deleted); its sequence is 3, expected 4", result.Problem);
    }

    [Fact]
    public void A_forged_line_with_a_made_up_prev_is_caught_where_it_stands()
    {
        var (lines, _) = BuildDay();
        lines.Insert(2, AuditChain.Serialize(AuditChain.Next(new string('0', 64), 3, Time(2), "forger", "admin", "Audit/Read", Site, "ok")));

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(3, result.LineNumber);
        Assert.StartsWith("line 3: prev does not match the hash of line 2", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_the_first_line_breaks_the_link_to_the_genesis_hash()
    {
        var (lines, _) = BuildDay();
        lines.RemoveAt(0);

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(
            new AuditVerification(false, 0, 1, "line 1: prev does not match the genesis hash of the day (entry edited, inserted or deleted); its sequence is 2, expected 1"),
            result);
    }

    [Fact]
    public void Deleting_a_middle_line_is_caught_where_the_gap_is()
    {
        var (lines, _) = BuildDay();
        lines.RemoveAt(2);

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(
            new AuditVerification(false, 2, 3, "line 3: prev does not match the hash of line 2 (entry edited, inserted or deleted); its sequence is 4, expected 3"),
            result);
    }

    [Fact]
    public void Deleting_the_last_line_is_caught_by_the_head()
    {
        var (lines, head) = BuildDay();
        lines.RemoveAt(5);

        var result = AuditChain.Verify(Site, Day, lines, head);

        Assert.Equal(
            new AuditVerification(false, 5, 6, "the day ends at line 5 but the log's head says 6 entries (entries deleted at the end)"),
            result);
    }

    [Fact]
    public void Deleting_the_last_line_goes_unnoticed_without_the_head()
    {
        var (lines, _) = BuildDay();
        lines.RemoveAt(5);

        Assert.True(AuditChain.Verify(Site, Day, lines).Intact);
    }

    [Fact]
    public void Editing_the_last_line_is_caught_by_the_head()
    {
        var (lines, head) = BuildDay();
        lines[5] = lines[5].Replace("\"role\":\"police\"", "\"role\":\"manager\"", StringComparison.Ordinal);

        var result = AuditChain.Verify(Site, Day, lines, head);

        Assert.Equal(new AuditVerification(false, 5, 6, "line 6: does not match the hash in the log's head (last entry edited or replaced)"), result);
    }

    [Fact]
    public void Lines_appended_behind_the_writers_back_are_caught_by_the_head()
    {
        var (lines, head) = BuildDay();
        var extra = AuditChain.Next(head.LastHash, 7, Time(7), "forger", "admin", "Audit/Read", Site, "ok");
        lines.Add(AuditChain.Serialize(extra));

        var result = AuditChain.Verify(Site, Day, lines, head);

        Assert.Equal(7, result.LineNumber);
        Assert.StartsWith("line 7: the log's head says 6 entries but the day has 7", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapping_two_lines_breaks_the_chain_at_the_first_of_them()
    {
        var (lines, _) = BuildDay();
        (lines[2], lines[3]) = (lines[3], lines[2]);

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(
            new AuditVerification(false, 2, 3, "line 3: prev does not match the hash of line 2 (entry edited, inserted or deleted); its sequence is 4, expected 3"),
            result);
    }

    [Fact]
    public void A_garbage_line_is_not_a_valid_audit_entry()
    {
        var (lines, _) = BuildDay();
        lines[2] = "garbage {";

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(3, result.LineNumber);
        Assert.StartsWith("line 3: not a valid audit entry: malformed JSON", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_without_prev_is_not_a_valid_audit_entry()
    {
        var (lines, _) = BuildDay();
        lines[1] = lines[1][..lines[1].IndexOf(",\"prev\"", StringComparison.Ordinal)] + "}";

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(new AuditVerification(false, 1, 2, "line 2: not a valid audit entry: missing 'prev'"), result);
    }

    [Fact]
    public void An_empty_line_inside_the_day_is_not_a_valid_audit_entry()
    {
        var (lines, _) = BuildDay();
        lines.Insert(3, "");

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(new AuditVerification(false, 3, 4, "line 4: not a valid audit entry: empty line"), result);
    }

    [Fact]
    public void A_sequence_that_skips_is_reported_even_when_the_hashes_link()
    {
        var head = AuditHead.Start(Site, Day);
        var lines = new List<string>();
        foreach (var sequence in new long[] { 1, 2, 5 })
        {
            var line = AuditChain.Serialize(AuditChain.Next(head.LastHash, sequence, Time((int)sequence), "op", "operator", "Alerts/Ack", Site, "ok"));
            lines.Add(line);
            head = head.Advance(line);
        }

        var result = AuditChain.Verify(Site, Day, lines);

        Assert.Equal(new AuditVerification(false, 2, 3, "line 3: sequence 5, expected 3"), result);
    }

    [Fact]
    public void The_log_of_another_day_does_not_verify_as_this_day()
    {
        var (lines, _) = BuildDay();

        var result = AuditChain.Verify(Site, Day.AddDays(1), lines);

        Assert.Equal(1, result.LineNumber);
        Assert.StartsWith("line 1: prev does not match the genesis hash of the day", result.Problem, StringComparison.Ordinal);
    }

    private static DateTimeOffset Time(int second) => new(2026, 11, 22, 10, 0, second, 123, TimeSpan.Zero);

    /// <summary>Six entries as the audit writer would append them, and the head it would keep.</summary>
    private static (List<string> Lines, AuditHead Head) BuildDay()
    {
        var head = AuditHead.Start(Site, Day);
        var lines = new List<string>();
        for (var i = 1; i <= 6; i++)
        {
            var entry = AuditChain.Next(
                head.LastHash, head.Count + 1, Time(i), $"agent-{i}", "police", "FootageRequests/Create",
                $"{Site}/cam-{i:00}", "ok", i % 2 == 0 ? "zaak 2026-0042" : null);
            var line = AuditChain.Serialize(entry);
            lines.Add(line);
            head = head.Advance(line);
        }
        return (lines, head);
    }
}
