using System.Text.Json;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Edge.Uploading;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Edge.Retention;

/// <summary>
/// Applies the four-week rule to what the agent keeps on its own disk: the quarantine folder, the upload spool and the
/// outbox journal. Sweeps at start and then every <see cref="EdgeRetentionOptions.Interval"/>; each sweep writes a
/// receipt to <c>{receipts}/{yyyy-MM}/{id}.json</c> and publishes it, through the outbox (so it survives a broker
/// outage), on <c>camerabeheer/edge/{site}/{agent}/receipt</c>.
/// </summary>
/// <remarks>Receipts are kept: they hold counts, sizes and times, never a camera image, badge or event payload.</remarks>
public sealed class EdgeRetentionSweeper(
    EdgeRetentionOptions options,
    EdgeOutbox outbox,
    SegmentUploader uploader,
    ILogger<EdgeRetentionSweeper>? logger = null,
    TimeProvider? timeProvider = null) : BackgroundService
{
    public const string Quarantine = "quarantine";
    public const string Spool = "spool";
    public const string Journal = "journal";

    private readonly ILogger _logger = logger ?? NullLogger<EdgeRetentionSweeper>.Instance;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>
    /// One sweep: deletes what is due, writes the receipt to disk, queues it for the backend, and returns it.
    /// </summary>
    public async Task<AgentReceiptPayload> SweepAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var cutoff = EdgeRetentionRule.Cutoff(now);
            var quarantined = QuarantineAgeOut.Run(Path.GetFullPath(options.QuarantineFolder), cutoff,
                (file, reason) => _logger.LogWarning("Could not delete quarantined {File} (older than four weeks): {Reason}; the next sweep tries again", file, reason));
            var spooled = uploader.AgeOut(cutoff);
            var journal = await outbox.AgeOutAsync(cutoff, cancellationToken).ConfigureAwait(false);

            var receipt = new AgentReceiptPayload(
                "r-" + EdgeEventIds.Stamp(now),
                options.Agent,
                now,
                cutoff,
                [
                    new AgentReceiptItem(Quarantine, quarantined.Count, quarantined.Sum(f => f.Bytes), MinOrNull(quarantined.Select(f => f.Written)), MaxOrNull(quarantined.Select(f => f.Written))),
                    new AgentReceiptItem(Spool, spooled.Count, spooled.Sum(s => s.Bytes), MinOrNull(spooled.Select(s => s.End)), MaxOrNull(spooled.Select(s => s.End))),
                    new AgentReceiptItem(Journal, journal.Records, journal.Bytes, journal.Oldest, journal.Newest),
                ]);
            var file = WriteReceipt(receipt);
            await outbox.EnqueueReceiptAsync(options.Agent, receipt, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation(
                "Four-week rule at the edge: deleted {Quarantine} quarantined file(s), {Spool} unuploaded segment(s) and {Journal} journal record(s) ({Dropped} unsent) written before {Cutoff:O}; receipt {Receipt}",
                quarantined.Count, spooled.Count, journal.Records, journal.Dropped, cutoff.UtcDateTime, file);
            return receipt;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The receipt's file: <c>{receipts}/{yyyy-MM}/{id}.json</c>.</summary>
    public static string ReceiptPath(string receiptsFolder, AgentReceiptPayload receipt) =>
        Path.Combine(Path.GetFullPath(receiptsFolder), receipt.Ts!.Value.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), receipt.Id + ".json");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _logger.LogError("Four-week rule at the edge: the sweep failed ({Reason}); it runs again in {Minutes:0} minutes", e.Message, options.Interval.TotalMinutes);
            }

            try
            {
                await Task.Delay(options.Interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }

    private string WriteReceipt(AgentReceiptPayload receipt)
    {
        var path = ReceiptPath(options.ReceiptsFolder, receipt);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        OutboxJournal.ReplaceAtomically(path, JsonSerializer.SerializeToUtf8Bytes(receipt, AgentJsonContext.Default.AgentReceiptPayload));
        return path;
    }

    private static DateTimeOffset? MinOrNull(IEnumerable<DateTimeOffset> times) => times.Select(t => (DateTimeOffset?)t).Min();

    private static DateTimeOffset? MaxOrNull(IEnumerable<DateTimeOffset> times) => times.Select(t => (DateTimeOffset?)t).Max();
}
