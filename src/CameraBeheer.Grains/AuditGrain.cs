using System.Globalization;
using System.Text;
using CameraBeheer.Domain.Audit;

namespace CameraBeheer.Grains;

/// <summary>
/// Appends hash-chained entries to <c>audit/{site}/{yyyy}/{MM}/{dd}.jsonl</c> (UTC days) and checks the chain.
/// The entry is appended before the head is saved: a crash in between leaves one more line than the head knows,
/// which the next append of that day adopts once it has checked that the line chains on.
/// </summary>
public sealed class AuditGrain(
    [PersistentState("audit", StorageNames.Default)] IPersistentState<AuditState> state,
    IBlobStore store,
    TimeProvider time) : Grain, IAuditGrain
{
    private readonly HashSet<string> _reconciledDays = new(StringComparer.Ordinal);

    private string Site => this.GetPrimaryKeyString();

    /// <summary>The day written last may hold a line written just before a crash, also when the clock has passed midnight since.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var latest = state.State.Heads.Keys.Order(StringComparer.Ordinal).LastOrDefault();
        if (latest is not null) await HeadOfAsync(DateOnly.ParseExact(latest, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public async Task AppendAsync(AuditRecord record)
    {
        var now = time.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var head = await HeadOfAsync(day);

        var previous = head.Count == 0 ? AuditChain.Genesis(Site, day) : head.LastHash;
        var entry = AuditChain.Next(previous, head.Count + 1, now, record.Caller, record.Role, record.Method, record.Target, record.Outcome, record.Reason);
        var line = AuditChain.Serialize(entry);
        await store.AppendAsync(FileOf(day), Encoding.UTF8.GetBytes(line + "\n"));

        head.Count = entry.Sequence;
        head.LastHash = AuditChain.HashLine(line);
        await state.WriteStateAsync();
    }

    public async Task<AuditCheck> VerifyAsync(DateOnly? day)
    {
        var days = day is { } one ? [one] : await DaysInLogAsync();
        long entries = 0;
        foreach (var d in days.Order())
        {
            var lines = await ReadLinesAsync(d);
            var expected = state.State.Heads.TryGetValue(Key(d), out var h) ? new AuditHead(h.Count, h.LastHash) : null;
            if (lines is null)
            {
                if (expected is null) continue;
                return new AuditCheck(false, days.Count, entries, FileOf(d), 0, $"the day's file is missing, but the log's head says {expected.Count} entries");
            }
            var result = AuditChain.Verify(Site, d, lines, expected);
            entries += result.EntriesChecked;
            if (!result.Intact) return new AuditCheck(false, days.Count, entries, FileOf(d), result.LineNumber ?? 0, result.Problem);
        }
        return new AuditCheck(true, days.Count, entries);
    }

    public async Task<IReadOnlyList<string>> ReadDayAsync(DateOnly day) => await ReadLinesAsync(day) ?? [];

    private async Task<AuditDayHead> HeadOfAsync(DateOnly day)
    {
        var key = Key(day);
        if (!state.State.Heads.TryGetValue(key, out var head))
            state.State.Heads[key] = head = new AuditDayHead();
        if (_reconciledDays.Add(key)) await AdoptLineWrittenBeforeCrashAsync(day, head);
        return head;
    }

    /// <summary>
    /// When the file holds exactly one more entry than the head, the lines the head knows still end in its hash, and the
    /// extra line chains on, the previous activation stopped between append and save: the line is adopted. Anything else
    /// is left for <see cref="VerifyAsync"/> to report.
    /// </summary>
    private async Task AdoptLineWrittenBeforeCrashAsync(DateOnly day, AuditDayHead head)
    {
        var lines = await ReadLinesAsync(day);
        if (lines is null || lines.Count != head.Count + 1) return;
        var known = new AuditHead(head.Count, head.Count == 0 ? AuditChain.Genesis(Site, day) : head.LastHash);
        if (!AuditChain.Verify(Site, day, lines.Take((int)head.Count), known).Intact) return;
        if (!AuditChain.Verify(Site, day, lines, expectedHead: null).Intact) return;
        head.Count = lines.Count;
        head.LastHash = AuditChain.HashLine(lines[^1]);
        await state.WriteStateAsync();
    }

    private async Task<List<string>?> ReadLinesAsync(DateOnly day)
    {
        var blob = await store.GetAsync(FileOf(day));
        if (blob is null) return null;
        // Every line ends in '\n'; an empty line anywhere else is a defect the check must see.
        var lines = Encoding.UTF8.GetString(blob.Content.Span).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private async Task<List<DateOnly>> DaysInLogAsync()
    {
        var days = new HashSet<DateOnly>(state.State.Heads.Keys.Select(k => DateOnly.ParseExact(k, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        await foreach (var blob in store.ListAsync($"audit/{Site}/"))
            if (TryParseDay(blob.Name, out var d)) days.Add(d);
        return [.. days];
    }

    private bool TryParseDay(string name, out DateOnly day)
    {
        // audit/{site}/yyyy/MM/dd.jsonl
        var datePart = name[$"audit/{Site}/".Length..].Replace(".jsonl", "", StringComparison.Ordinal);
        return DateOnly.TryParseExact(datePart, "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private string FileOf(DateOnly day) => $"audit/{Site}/{day:yyyy}/{day:MM}/{day:dd}.jsonl";

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
