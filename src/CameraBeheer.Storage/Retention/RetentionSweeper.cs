using System.Text;
using System.Text.Json;
using CameraBeheer.Domain.Retention;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Storage.Retention;

/// <summary>
/// Deletes what the retention rule says must go, from what is in the store (not from what an index remembers): footage
/// of cameras since removed, or written while the backend was down, goes on time too. It walks
/// <c>footage/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}/</c> and <c>events/{site}/{source}/{yyyy}/{MM}/{dd}/{HH}.jsonl</c>
/// folder by folder, oldest first, and stops at the first folder that starts after the cutoff, so a sweep costs a few
/// listings per camera plus what has expired: whole expired hours are deleted without reading them, and only the hour on
/// the boundary (or one under a legal hold) is looked inside. Every batch writes its receipt before it is deleted.
/// Deleting is idempotent, so a sweep cut off half-way is finished by the next one, and two sweeps at once are safe
/// (in one process they also take turns).
/// </summary>
public sealed class RetentionSweeper(IBlobStore store, TimeProvider time, ILogger<RetentionSweeper> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<SweepResult> SweepAsync(string site, RetentionPolicy policy, IReadOnlyList<LegalHold> holds, CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var run = new SweepRun(new CountingBlobStore(store), site, policy, holds, time.GetUtcNow(), logger);
            await run.RunAsync(cancellationToken);
            return run.Result();
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>One sweep's walk and tallies.</summary>
    private sealed class SweepRun(CountingBlobStore store, string site, RetentionPolicy policy, IReadOnlyList<LegalHold> holds, DateTimeOffset now, ILogger logger)
    {
        private readonly RetentionReceipts _receipts = new(store);
        private readonly DateTimeOffset _cutoff = policy.Cutoff(now);
        private readonly HashSet<string> _receiptFiles = new(StringComparer.Ordinal);
        private readonly string _rule = $"retention-{policy.Period.TotalDays:0}-days";
        private long _objects, _bytes, _lines, _kept;
        private int _receiptsWritten;

        public SweepResult Result() => new(now, _cutoff, _objects, _bytes, _lines, _kept, [.. _receiptFiles], _receiptsWritten,
            store.ReadRequests + store.WriteRequests + store.ListRequests + store.DeleteRequests);

        public async Task RunAsync(CancellationToken ct)
        {
            foreach (var camera in await FoldersAsync($"footage/{site}/", ct))
                await WalkDaysAsync(camera, FootageLayout.LastSegment(camera), SweepFootageDayAsync, ct);
            foreach (var source in await FoldersAsync($"events/{site}/", ct))
            {
                if (FootageLayout.LastSegment(source) == "gates")
                {
                    foreach (var gate in await FoldersAsync(source, ct))
                        await WalkDaysAsync(gate, FootageLayout.LastSegment(gate), SweepEventsDayAsync, ct);
                }
                else
                {
                    await WalkDaysAsync(source, FootageLayout.LastSegment(source), SweepEventsDayAsync, ct);
                }
            }
            await SweepDeadLettersAsync(ct);
        }

        /// <summary>
        /// Refused messages: a day's file goes whole once the last letter it can hold (written before the day's end) is
        /// past the cutoff. No hold applies: a hold keeps a camera's footage, and a dead letter is nobody's evidence.
        /// </summary>
        private async Task SweepDeadLettersAsync(CancellationToken ct)
        {
            foreach (var year in await FoldersAsync(DeadLetterLayout.Prefix, ct))
            {
                if (!FootageLayout.TryYear(year, out var y)) continue;
                if (FootageLayout.Start(y, 1, 1) > _cutoff) break;
                foreach (var month in await FoldersAsync(year, ct))
                {
                    if (!FootageLayout.TryMonth(month, out var m)) continue;
                    if (FootageLayout.Start(y, m, 1) > _cutoff) break;
                    foreach (var file in await ListAsync(month, ct))
                    {
                        if (DeadLetterLayout.TryDay(file.Name, out var day) && day.AddDays(1) <= _cutoff)
                            await DeleteBatchAsync("dead-letters", "deadletter", day, [file], ct);
                    }
                }
            }
        }

        /// <summary>
        /// yyyy/MM/dd folders, oldest first; a folder that starts after the cutoff ends the walk of its source. A folder
        /// that is not a date (<c>misc/</c>, a day <c>00</c>) is skipped: it is not ours to judge, and it must not stop
        /// the walk of the dated folders beside it.
        /// </summary>
        private async Task WalkDaysAsync(string root, string source, Func<string, string, DateTimeOffset, CancellationToken, Task> sweepDay, CancellationToken ct)
        {
            foreach (var year in await FoldersAsync(root, ct))
            {
                if (!FootageLayout.TryYear(year, out var y)) continue;
                if (FootageLayout.Start(y, 1, 1) > _cutoff) break;
                foreach (var month in await FoldersAsync(year, ct))
                {
                    if (!FootageLayout.TryMonth(month, out var m)) continue;
                    if (FootageLayout.Start(y, m, 1) > _cutoff) break;
                    foreach (var day in await FoldersAsync(month, ct))
                    {
                        if (!FootageLayout.TryDay(day, y, m, out var d)) continue;
                        var dayStart = FootageLayout.Start(y, m, d);
                        if (dayStart > _cutoff) break;
                        await sweepDay(day, source, dayStart, ct);
                    }
                }
            }
        }

        private async Task SweepFootageDayAsync(string dayFolder, string camera, DateTimeOffset day, CancellationToken ct)
        {
            foreach (var hourFolder in await FoldersAsync(dayFolder, ct))
            {
                if (!FootageLayout.TryHour(hourFolder, out var h)) continue;
                var hour = day.AddHours(h);
                if (hour > _cutoff) break;
                var objects = await ListAsync(hourFolder, ct);
                var wholeBucket = RetentionDecision.MayDeleteWholeBucket(policy, holds, camera, hour, now);
                var expired = new List<BlobInfo>();
                foreach (var blob in objects)
                {
                    // Not ours (notes.txt, a .jpg, a .part): never delete what we cannot date.
                    if (!FootageLayout.TrySegmentStart(blob.Name, out var start)) continue;
                    // The bucket's verdict covers only what belongs in it; a segment filed under another hour is judged
                    // by its own start, so that neither the rule nor a hold is misled by where it lies.
                    if (wholeBucket && RetentionPolicy.HourOf(start) == hour)
                    {
                        expired.Add(blob);
                        continue;
                    }
                    var latestEnd = start + policy.MaxItemDuration;
                    if (RetentionDecision.MayDelete(policy, holds, camera, start, latestEnd, now)) expired.Add(blob);
                    else if (policy.HasExpired(latestEnd, now)) _kept++;
                }
                await DeleteBatchAsync("footage", camera, hour, expired, ct);
            }
        }

        private async Task SweepEventsDayAsync(string dayFolder, string source, DateTimeOffset day, CancellationToken ct)
        {
            foreach (var file in await ListAsync(dayFolder, ct))
            {
                var name = file.Name[dayFolder.Length..];
                if (!name.EndsWith(".jsonl", StringComparison.Ordinal) || !FootageLayout.TryHour(name[..^".jsonl".Length], out var h)) continue;
                var hour = day.AddHours(h);
                if (hour > _cutoff) break;
                if (RetentionDecision.MayDeleteWholeBucket(policy, holds, source, hour, now))
                    await DeleteBatchAsync("events", source, hour, [file], ct);
                else
                    await SweepEventLinesAsync(file, source, hour, ct);
            }
        }

        /// <summary>The boundary hour of an event log (or one under a hold): keeps the lines that may stay, rewritten with an ETag check.</summary>
        private async Task SweepEventLinesAsync(BlobInfo file, string source, DateTimeOffset hour, CancellationToken ct)
        {
            var blob = await store.GetAsync(file.Name, ct);
            if (blob is null) return;
            var keep = new StringBuilder();
            var removed = new List<DateTimeOffset>();
            foreach (var line in Encoding.UTF8.GetString(blob.Content.Span).Split('\n'))
            {
                if (line.Length == 0) continue;
                if (TryEventTime(line, out var ts) && RetentionDecision.MayDelete(policy, holds, source, ts, ts, now)) removed.Add(ts);
                else
                {
                    if (TryEventTime(line, out var held) && policy.HasExpired(held, now)) _kept++;
                    keep.Append(line).Append('\n');
                }
            }
            if (removed.Count == 0) return;
            await WriteReceiptAsync(new DeletionReceipt(now, _rule, "event-lines", source, hour, removed.Min(), removed.Max(), [file.Name], removed.Count, blob.Content.Length - Encoding.UTF8.GetByteCount(keep.ToString())), ct);
            try
            {
                if (keep.Length == 0) await store.DeleteAsync(file.Name, blob.ETag, ct);
                else await store.PutAsync(file.Name, Encoding.UTF8.GetBytes(keep.ToString()), BlobCondition.Matches(blob.ETag), ct);
                _lines += removed.Count;
            }
            catch (BlobConflictException)
            {
                // Written to since we read it: the next sweep looks again.
                logger.LogInformation("Event log {File} changed during the sweep; it is swept next time", file.Name);
            }
        }

        private async Task DeleteBatchAsync(string kind, string source, DateTimeOffset hour, IReadOnlyList<BlobInfo> batch, CancellationToken ct)
        {
            if (batch.Count == 0) return;
            var times = batch.Select(b => FootageLayout.TrySegmentStart(b.Name, out var s) ? s : hour).ToList();
            await WriteReceiptAsync(new DeletionReceipt(now, _rule, kind, source, hour, times.Min(), times.Max(),
                [.. batch.Select(b => b.Name)], batch.Count, batch.Sum(b => b.Length)), ct);
            foreach (var blob in batch)
            {
                if (!await store.DeleteAsync(blob.Name, cancellationToken: ct)) continue; // already gone: another sweep was first
                _objects++;
                _bytes += blob.Length;
            }
        }

        private async Task WriteReceiptAsync(DeletionReceipt receipt, CancellationToken ct)
        {
            _receiptFiles.Add(await _receipts.WriteAsync(site, receipt, ct));
            _receiptsWritten++;
        }

        private async Task<List<string>> FoldersAsync(string prefix, CancellationToken ct)
        {
            var folders = new List<string>();
            await foreach (var folder in store.ListPrefixesAsync(prefix, ct)) folders.Add(folder);
            return folders;
        }

        private async Task<List<BlobInfo>> ListAsync(string prefix, CancellationToken ct)
        {
            var blobs = new List<BlobInfo>();
            await foreach (var blob in store.ListAsync(prefix, ct))
                if (blob.Name.IndexOf('/', prefix.Length) < 0) blobs.Add(blob); // this folder only
            return blobs;
        }
    }

    private static bool TryEventTime(string line, out DateTimeOffset ts)
    {
        ts = default;
        try
        {
            using var doc = JsonDocument.Parse(line);
            // Only a string "ts" of an object is a time: TryGetProperty and TryGetDateTimeOffset throw on other kinds.
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("ts", out var value)
                && value.ValueKind == JsonValueKind.String
                && value.TryGetDateTimeOffset(out ts);
        }
        catch (JsonException)
        {
            return false; // a torn line: it has no time, and it is kept until its whole hour goes
        }
    }
}
