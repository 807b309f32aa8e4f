using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using CameraBeheer.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Ingest;

/// <summary>
/// A received message waiting for its effect to be stored, and the acknowledgement to send then; <paramref name="Trace"/>
/// is its <c>ingest.receive</c> span (default when not traced), the parent of the round that stores it.
/// </summary>
public sealed record PendingMessage(EdgeMessage Message, DeadLetter? DeadLetter, Func<Task> Acknowledge, Action RequestRedelivery, long ReceivedTimestamp,
    ActivityContext Trace = default);

/// <summary>How the ingest batches (section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The most messages stored in one round.</summary>
    public int MaxBatch { get; set; } = 4096;

    /// <summary>How long a round waits for more messages before storing what it has: bounds the added latency.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(3);

    /// <summary>
    /// How long a round waits when the ingest is busy: from <see cref="BusyRound"/> messages in the round before, the wait
    /// grows from <see cref="FlushInterval"/> to this at twice as many (see <see cref="IngestBatcher.LingerAfter"/>).
    /// </summary>
    public TimeSpan MaxFlushInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A round of at least this many messages means the ingest is busy (a backlog, or saturation).</summary>
    public int BusyRound { get; set; } = 128;

    /// <summary>Messages received and not yet stored; when full, the subscriber stops reading (backpressure to the broker).</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Log where the hot path's time goes, per stage, every five seconds (see <see cref="IngestStageTimings"/>).</summary>
    public bool StageTimings { get; set; }

}

/// <summary>
/// Stores received messages in rounds: everything that arrived within a few milliseconds is grouped per camera (and
/// gate), each camera grain appends its new events to its event log in one write per hour bucket, dead letters go in
/// one write, and only then are the messages acknowledged. At saturation the rounds grow, so storage writes per event
/// fall as the load rises; at low load a message waits at most the flush interval.
/// </summary>
public sealed class IngestBatcher(IOptions<IngestOptions> options, IGrainFactory grains, DeadLetterLog deadLetters, IngestMetrics metrics,
    RefusedInputSummary refused, ILogger<IngestBatcher> logger, IngestStageTimings? timings = null)
{
    private readonly Channel<PendingMessage> _queue = Channel.CreateBounded<PendingMessage>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(PendingMessage message, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(message, cancellationToken);

    /// <summary>
    /// The storing loop, one round at a time. (Overlapping rounds were measured: smaller rounds, more storage writes per
    /// event, and no better latency at half load; see the README's figures.)
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var linger = options.Value.FlushInterval;
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new List<PendingMessage>(options.Value.MaxBatch);
            await FillAsync(batch, linger, stoppingToken);
            linger = LingerAfter(batch.Count, options.Value);
            TimeRoundStart(batch);
            try
            {
                await StoreAsync(batch, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "A storing round failed; what it had not acknowledged is asked for again");
                foreach (var message in batch) message.RequestRedelivery();
            }
        }
    }

    /// <summary>
    /// How long the next round waits for more messages after one of <paramref name="previousRound"/> messages: the flush
    /// interval while the ingest keeps up easily, growing to the longest wait as the rounds grow from
    /// <see cref="IngestOptions.BusyRound"/> to twice that. Each round writes and flushes a file per camera whatever
    /// its size; when a backlog or saturation makes rounds large, waiting longer makes them larger still, so the same
    /// events cost fewer writes and flushes and more of the machine is left for taking them in. A fixed long wait would
    /// do the same at saturation but double the acknowledge latency at half the saturated rate, where rounds stay near
    /// <see cref="IngestOptions.BusyRound"/> and so keep a short wait (the load test's figures: README "Performance").
    /// </summary>
    public static TimeSpan LingerAfter(int previousRound, IngestOptions o)
    {
        if (previousRound <= o.BusyRound || o.MaxFlushInterval <= o.FlushInterval) return o.FlushInterval;
        var busy = Math.Min(1.0, (previousRound - o.BusyRound) / (double)o.BusyRound);
        return o.FlushInterval + (o.MaxFlushInterval - o.FlushInterval) * busy;
    }

    private async Task FillAsync(List<PendingMessage> batch, TimeSpan lingerFor, CancellationToken stoppingToken)
    {
        var max = options.Value.MaxBatch;
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        linger.CancelAfter(lingerFor);
        while (batch.Count < max)
        {
            while (batch.Count < max && _queue.Reader.TryRead(out var item)) batch.Add(item);
            if (batch.Count >= max) return;
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(linger.Token)) return;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return; // the flush interval is over: store what we have
            }
        }
    }

    private async Task StoreAsync(List<PendingMessage> batch, CancellationToken stoppingToken)
    {
        var storing = new Dictionary<PendingMessage, Task>(batch.Count, ReferenceEqualityComparer.Instance);
        void Store(List<PendingMessage> messages, Task stored)
        {
            foreach (var message in messages) storing[message] = stored;
        }

        var letters = batch.Where(m => m.DeadLetter is not null).ToList();
        if (letters.Count > 0) Store(letters, StoreDeadLettersAsync(letters, stoppingToken));
        foreach (var camera in batch.Where(m => m.Message is EdgeMessage.CameraMessage).GroupBy(m => (EdgeMessage.CameraMessage)m.Message, CameraComparer.Instance))
        {
            var messages = camera.ToList();
            Store(messages, StoreCameraAsync(camera.Key, messages));
        }
        foreach (var gate in batch.Where(m => m.Message is EdgeMessage.Gate).GroupBy(m => (((EdgeMessage.Gate)m.Message).Site, ((EdgeMessage.Gate)m.Message).GateId)))
        {
            var messages = gate.ToList();
            Store(messages, StoreGateAsync(gate.Key.Site, gate.Key.GateId, messages));
        }
        foreach (var agents in batch.Where(m => m.Message is EdgeMessage.AgentStatus).GroupBy(m => ((EdgeMessage.AgentStatus)m.Message).Site))
        {
            var messages = agents.ToList();
            Store(messages, StoreAgentStatusAsync(agents.Key, messages));
        }

        // Acknowledged in the order received, each once its group is stored: the broker looks an acknowledgement up in
        // the session's in-flight messages from the oldest, so acknowledging a round camera by camera made Mosquitto walk
        // half the round for every message (a sixth of its CPU under load, perf, README "Performance").
        // Sent together: one at a time, the acknowledgements of a large round would take longer than storing it.
        var acknowledgements = new List<Task>(batch.Count);
        HashSet<Task>? failed = null;
        foreach (var message in batch)
        {
            var stored = storing[message];
            try
            {
                await stored;
            }
            catch (Exception e)
            {
                // Not acknowledged: the broker delivers these again after the subscriber reconnects.
                if ((failed ??= []).Add(stored))
                    logger.LogError(e, "Storing {Count} messages failed; asking for them to be delivered again", storing.Values.Count(t => t == stored));
                message.RequestRedelivery();
                continue;
            }
            acknowledgements.Add(AcknowledgeAsync(message, Stopwatch.GetTimestamp()));
        }
        await Task.WhenAll(acknowledgements);
    }

    private async Task StoreDeadLettersAsync(List<PendingMessage> letters, CancellationToken cancellationToken)
    {
        await deadLetters.AppendAsync([.. letters.Select(l => l.DeadLetter!)], cancellationToken);
        foreach (var letter in letters)
        {
            metrics.DeadLettered(letter.DeadLetter!.Reason);
            refused.Record(letter.DeadLetter.Reason);
        }
    }

    private async Task StoreCameraAsync(EdgeMessage.CameraMessage camera, List<PendingMessage> messages)
    {
        using var span = StartBatchSpan(messages, camera.Site, camera.Camera);
        var events = messages.Select(m => m.Message switch
        {
            EdgeMessage.Motion x => CameraEvent.Of(x.Observation),
            EdgeMessage.Status x => CameraEvent.Of(x.Observation),
            EdgeMessage.Segment x => CameraEvent.Of(x.Observation),
            _ => throw new UnreachableException(),
        }).ToImmutableArray();
        var started = Stopwatch.GetTimestamp();
        var fresh = await grains.GetGrain<ICameraGrain>(GrainKeys.Camera(camera.Site, camera.Camera)).AcceptAsync(events);
        timings?.Record(IngestStage.GrainCall, Stopwatch.GetElapsedTime(started).TotalMilliseconds, messages.Count);
        Count(fresh);
    }

    private async Task StoreGateAsync(string site, string gate, List<PendingMessage> messages)
    {
        using var span = StartBatchSpan(messages, site, gate);
        var events = messages.Select(m => ((EdgeMessage.Gate)m.Message).Observation).ToImmutableArray();
        var started = Stopwatch.GetTimestamp();
        var fresh = await grains.GetGrain<IGateGrain>(GrainKeys.Gate(site, gate)).AcceptAsync(events);
        timings?.Record(IngestStage.GrainCall, Stopwatch.GetElapsedTime(started).TotalMilliseconds, messages.Count);
        Count(fresh);
    }

    /// <summary>An agent's status is not an event: the site's liveness grain takes it, in arrival order.</summary>
    private Task StoreAgentStatusAsync(string site, List<PendingMessage> messages) =>
        grains.GetGrain<IEdgeLivenessGrain>(site).ReportAsync([.. messages.Select(m => ((EdgeMessage.AgentStatus)m.Message).Report)]);

    /// <summary>
    /// The <c>ingest.batch</c> span of one camera's (or gate's) messages in this round, current for the grain call: a child
    /// of the first traced message, linked to the other traced ones. None when no message of the group was traced.
    /// </summary>
    private static Activity? StartBatchSpan(List<PendingMessage> messages, string site, string source)
    {
        if (!IngestTracing.Source.HasListeners()) return null;
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var message in messages)
        {
            if (message.Trace == default) continue;
            if (parent == default) parent = message.Trace;
            else (links ??= []).Add(new ActivityLink(message.Trace));
        }
        if (parent == default) return null;
        var span = IngestTracing.Source.StartActivity("ingest.batch", ActivityKind.Internal, parent, links: links);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("camerabeheer.site", site);
            span.SetTag("camerabeheer.source", source);
            span.SetTag("camerabeheer.batch.messages", messages.Count);
            span.SetTag("camerabeheer.batch.wait_ms", Stopwatch.GetElapsedTime(messages[0].ReceivedTimestamp).TotalMilliseconds);
        }
        return span;
    }

    private void Count(ImmutableArray<bool> fresh)
    {
        foreach (var isNew in fresh)
        {
            if (isNew) metrics.Accepted();
            else metrics.Duplicate();
        }
    }

    private void TimeRoundStart(List<PendingMessage> batch)
    {
        if (timings is not { Enabled: true }) return;
        var now = Stopwatch.GetTimestamp();
        timings.Round(batch.Count);
        foreach (var message in batch) timings.Record(IngestStage.BatchWait, Stopwatch.GetElapsedTime(message.ReceivedTimestamp, now).TotalMilliseconds);
    }

    private async Task AcknowledgeAsync(PendingMessage message, long stored)
    {
        try
        {
            await message.Acknowledge();
            metrics.Acknowledged(Stopwatch.GetElapsedTime(message.ReceivedTimestamp));
            timings?.Record(IngestStage.Acknowledge, Stopwatch.GetElapsedTime(stored).TotalMilliseconds);
        }
        catch (Exception e)
        {
            // The connection it came on is gone; the broker will deliver it again and it will be recognised.
            logger.LogDebug(e, "Could not acknowledge a message on a closed connection");
        }
    }

    /// <summary>Groups camera messages by site and camera.</summary>
    private sealed class CameraComparer : IEqualityComparer<EdgeMessage.CameraMessage>
    {
        public static readonly CameraComparer Instance = new();
        public bool Equals(EdgeMessage.CameraMessage? x, EdgeMessage.CameraMessage? y) => x?.Site == y?.Site && x?.Camera == y?.Camera;
        public int GetHashCode(EdgeMessage.CameraMessage obj) => HashCode.Combine(obj.Site, obj.Camera);
    }
}
