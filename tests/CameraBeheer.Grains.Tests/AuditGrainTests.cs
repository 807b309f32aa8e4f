using CameraBeheer.Domain.Audit;

namespace CameraBeheer.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AuditGrainTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entries_go_to_the_file_of_their_utc_day_and_verify_intact()
    {
        // 23:30 UTC is already the next day in Amsterdam: the file follows the UTC day.
        var first = fixture.MoveClockToFreshDay(new TimeSpan(23, 30, 0));
        var day = DateOnly.FromDateTime(first.UtcDateTime);
        var audit = Audit("append-site");

        await audit.AppendAsync(Record("alice", "ok"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1.5));
        await audit.AppendAsync(Record("bob", "denied", reason: "case 2025-17"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await audit.AppendAsync(Record("carol", "ok"));

        Assert.Equal([FileOf("append-site", day)], await BlobsUnderAsync("audit/append-site/"));
        var lines = await LinesAsync(FileOf("append-site", day));
        var entries = lines.Select(AuditChain.Parse).ToList();
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(["alice", "bob", "carol"], entries.Select(e => e.Caller));
        Assert.Equal([first, first.AddSeconds(1.5), first.AddSeconds(121.5)], entries.Select(e => e.Time));
        Assert.Equal("case 2025-17", entries[1].Reason);
        Assert.Equal(AuditChain.Genesis("append-site", day), entries[0].Previous);
        Assert.True(AuditChain.Verify("append-site", day, lines).Intact);

        Assert.Equal(new AuditCheck(true, 1, 3), await audit.VerifyAsync(day));
        Assert.Equal(new AuditCheck(true, 1, 3), await audit.VerifyAsync(null));
    }

    [Fact]
    public async Task Entries_across_midnight_utc_go_to_two_files_and_verifying_all_days_checks_both()
    {
        var beforeMidnight = fixture.MoveClockToFreshDay(new TimeSpan(23, 59, 59));
        var dayOne = DateOnly.FromDateTime(beforeMidnight.UtcDateTime);
        var dayTwo = dayOne.AddDays(1);
        var audit = Audit("midnight-site");

        await audit.AppendAsync(Record("alice", "ok"));
        await audit.AppendAsync(Record("bob", "ok"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        await audit.AppendAsync(Record("carol", "ok"));

        Assert.Equal([FileOf("midnight-site", dayOne), FileOf("midnight-site", dayTwo)], await BlobsUnderAsync("audit/midnight-site/"));
        var secondDay = await LinesAsync(FileOf("midnight-site", dayTwo));
        // Each day is a chain of its own, starting from that day's genesis.
        Assert.Equal(1, AuditChain.Parse(secondDay[0]).Sequence);
        Assert.Equal(AuditChain.Genesis("midnight-site", dayTwo), AuditChain.Parse(secondDay[0]).Previous);
        Assert.Equal(new AuditCheck(true, 2, 3), await audit.VerifyAsync(null));

        await ReplaceInLineAsync(FileOf("midnight-site", dayOne), 1, "\"caller\":\"alice\"", "\"caller\":\"mallory\"");

        var all = await audit.VerifyAsync(null);
        Assert.False(all.Intact);
        Assert.Equal(FileOf("midnight-site", dayOne), all.BrokenFile);
        Assert.Equal(2, all.BrokenLine);
        Assert.Equal(new AuditCheck(true, 1, 1), await audit.VerifyAsync(dayTwo));
    }

    [Fact]
    public async Task An_edited_line_is_reported_with_its_file_and_the_line_whose_link_breaks()
    {
        var (audit, day, file) = await FreshDayWithEntriesAsync("tamper-site", TimeSpan.FromHours(10), 4);

        await ReplaceInLineAsync(file, 2, "\"outcome\":\"ok\"", "\"outcome\":\"denied\"");

        var check = await audit.VerifyAsync(day);
        Assert.False(check.Intact);
        Assert.Equal(file, check.BrokenFile);
        // A line keeps the hash of the one before it: editing line 2 breaks the link of line 3.
        Assert.Equal(3, check.BrokenLine);
        Assert.Equal(2, check.EntriesChecked);
        Assert.StartsWith("line 3: prev does not match the hash of line 2", check.Problem, StringComparison.Ordinal);
        Assert.Equal(check, await audit.VerifyAsync(null));
    }

    [Fact]
    public async Task An_edited_last_line_is_caught_by_the_head_in_grain_state()
    {
        var (audit, day, file) = await FreshDayWithEntriesAsync("tamper-last-site", TimeSpan.FromHours(10), 3);

        await ReplaceInLineAsync(file, 3, "\"outcome\":\"ok\"", "\"outcome\":\"denied\"");

        var check = await audit.VerifyAsync(day);
        Assert.False(check.Intact);
        Assert.Equal(file, check.BrokenFile);
        Assert.Equal(3, check.BrokenLine);
        Assert.Contains("last entry edited", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_last_line_is_detected_through_the_head_in_grain_state()
    {
        var (audit, day, file) = await FreshDayWithEntriesAsync("truncate-site", TimeSpan.FromHours(11), 3);
        var lines = await LinesAsync(file);

        // What is left is a perfectly intact chain of two entries.
        await fixture.Store.PutAsync(file, Bytes(string.Concat(lines.Take(2).Select(l => l + "\n"))), BlobCondition.None, Ct);
        Assert.True(AuditChain.Verify("truncate-site", day, await LinesAsync(file)).Intact);

        var check = await audit.VerifyAsync(day);
        Assert.False(check.Intact);
        Assert.Equal(file, check.BrokenFile);
        Assert.Equal(3, check.BrokenLine);
        Assert.Equal(2, check.EntriesChecked);
        Assert.Contains("head says 3 entries (entries deleted at the end)", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_written_just_before_a_crash_is_adopted_by_the_next_activation_and_the_chain_stays_intact()
    {
        const string site = "crash-site";
        var (_, day, file) = await FreshDayWithEntriesAsync(site, TimeSpan.FromHours(14), 2);
        // The crash: the grain appended entry 3 to the file but died before saving its head.
        await AppendChainedLineAsync(site, file, "dave");

        await fixture.RestartAsync();

        var audit = Audit(site);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await audit.AppendAsync(Record("erin", "ok"));

        var lines = await LinesAsync(file);
        Assert.Equal([1L, 2L, 3L, 4L], lines.Select(l => AuditChain.Parse(l).Sequence));
        Assert.Equal(["dave", "erin"], lines.Skip(2).Select(l => AuditChain.Parse(l).Caller));
        Assert.Equal(AuditChain.HashLine(lines[2]), AuditChain.Parse(lines[3]).Previous);
        Assert.Equal(new AuditCheck(true, 1, 4), await audit.VerifyAsync(day));

        // The adopted head was saved: a later activation agrees.
        await fixture.RestartAsync();
        Assert.Equal(new AuditCheck(true, 1, 4), await Audit(site).VerifyAsync(null));
    }

    [Fact]
    public async Task An_edited_last_line_hidden_behind_one_more_chained_line_is_not_adopted()
    {
        const string site = "launder-site";
        var (_, day, file) = await FreshDayWithEntriesAsync(site, TimeSpan.FromHours(15), 2);
        // Rewrite entry 2, then append a line that chains on the rewritten one: the file is a valid chain of 3.
        await ReplaceInLineAsync(file, 2, "\"outcome\":\"ok\"", "\"outcome\":\"denied\"");
        await AppendChainedLineAsync(site, file, "mallory");

        await fixture.RestartAsync();
        var audit = Audit(site);
        await audit.AppendAsync(Record("erin", "ok"));

        var check = await audit.VerifyAsync(day);
        Assert.False(check.Intact);
        Assert.Equal(file, check.BrokenFile);
    }

    [Fact]
    public async Task A_line_written_just_before_a_crash_at_midnight_is_adopted_after_the_day_has_turned()
    {
        const string site = "crash-midnight-site";
        var (_, _, file) = await FreshDayWithEntriesAsync(site, new TimeSpan(23, 59, 58), 1);
        await AppendChainedLineAsync(site, file, "dave");

        await fixture.RestartAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        var audit = Audit(site);
        await audit.AppendAsync(Record("erin", "ok"));

        Assert.Equal(new AuditCheck(true, 2, 3), await audit.VerifyAsync(null));
    }

    private IAuditGrain Audit(string site) => fixture.Grains.GetGrain<IAuditGrain>(site);

    private static AuditRecord Record(string caller, string outcome, string? reason = null) =>
        new(caller, "operator", "Footage/Export", "domus-almere-poort/cam-01", outcome, reason);

    /// <summary>Moves the clock to <paramref name="time"/> on a day no test has used and appends <paramref name="count"/> entries for <paramref name="site"/>: its grain, the day and the day's file.</summary>
    private async Task<(IAuditGrain Audit, DateOnly Day, string File)> FreshDayWithEntriesAsync(string site, TimeSpan time, int count)
    {
        var day = DateOnly.FromDateTime(fixture.MoveClockToFreshDay(time).UtcDateTime);
        var audit = Audit(site);
        await AppendAsync(audit, count);
        return (audit, day, FileOf(site, day));
    }

    private async Task AppendAsync(IAuditGrain audit, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await audit.AppendAsync(Record($"user-{i}", "ok"));
            fixture.Clock.Advance(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Appends the line the grain would have written next, chained on the file's last line.</summary>
    private async Task AppendChainedLineAsync(string site, string file, string caller)
    {
        var lines = await LinesAsync(file);
        var now = fixture.Clock.GetUtcNow();
        var previous = lines.Count == 0 ? AuditChain.Genesis(site, DateOnly.FromDateTime(now.UtcDateTime)) : AuditChain.HashLine(lines[^1]);
        var entry = AuditChain.Next(previous, lines.Count + 1, now, caller, "operator", "Footage/Export", "domus-almere-poort/cam-01", "ok");
        await fixture.Store.AppendAsync(file, Bytes(AuditChain.Serialize(entry) + "\n"), Ct);
    }

    private async Task ReplaceInLineAsync(string file, int lineNumber, string find, string replacement)
    {
        var lines = await LinesAsync(file);
        Assert.Contains(find, lines[lineNumber - 1], StringComparison.Ordinal);
        lines[lineNumber - 1] = lines[lineNumber - 1].Replace(find, replacement, StringComparison.Ordinal);
        await fixture.Store.PutAsync(file, Bytes(string.Concat(lines.Select(l => l + "\n"))), BlobCondition.None, Ct);
    }

    private async Task<List<string>> LinesAsync(string file)
    {
        var blob = await fixture.Store.GetAsync(file, Ct);
        Assert.NotNull(blob);
        var text = Encoding.UTF8.GetString(blob.Content.Span);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return [.. text[..^1].Split('\n')];
    }

    private async Task<List<string>> BlobsUnderAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in fixture.Store.ListAsync(prefix, Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static string FileOf(string site, DateOnly day) => $"audit/{site}/{day:yyyy}/{day:MM}/{day:dd}.jsonl";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
