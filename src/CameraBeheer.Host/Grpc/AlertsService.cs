using System.Threading.Channels;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Sites;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using static CameraBeheer.Contracts.Auth.TokenContract.Roles;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// The control room over gRPC. <c>Watch</c> wraps a grain observer in a bounded channel per stream: the control room
/// never waits for a reader, and a reader too slow to keep up loses its stream (with a clear status) rather than memory.
/// </summary>
[Authorize(Roles = $"{Operator},{Manager}")]
public sealed class AlertsService(SiteConfiguration site, IGrainFactory grains, CallerAudit audit, ILogger<AlertsService> logger) : Contracts.V1.Alerts.AlertsBase
{
    /// <summary>Changes a stream may fall behind before it is ended.</summary>
    private const int StreamBuffer = 1000;

    public override async Task Watch(WatchAlertsRequest request, IServerStreamWriter<AlertEvent> responseStream, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var filter = Filter(request.Zone, request.MinPriority, includeResolved: false);
        var controlRoom = grains.GetGrain<IControlRoomGrain>(siteId);
        var changes = Channel.CreateBounded<AlertChange>(new BoundedChannelOptions(StreamBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var watcher = new StreamWatcher(changes.Writer);
        var reference = grains.CreateObjectReference<IAlertWatcher>(watcher);
        try
        {
            // Subscribe first, then list: nothing that happens in between is missed; versions drop what the list already showed.
            await controlRoom.SubscribeAsync(reference);
            using var renewal = RenewWhileOpen(controlRoom, reference, context.CancellationToken);
            var shown = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var alert in await controlRoom.ListAsync(filter))
            {
                shown[alert.Id] = alert.Version;
                await responseStream.WriteAsync(new AlertEvent { Change = "existing", Alert = Describe(alert) });
            }
            // The response headers say "watching now": a client can wait for them before it expects live changes.
            if (shown.Count == 0) await context.WriteResponseHeadersAsync([]);
            await foreach (var change in changes.Reader.ReadAllAsync(context.CancellationToken))
            {
                if (!filter.Matches(change) || (shown.TryGetValue(change.Alert.Id, out var seen) && change.Alert.Version <= seen)) continue;
                shown[change.Alert.Id] = change.Alert.Version;
                await responseStream.WriteAsync(new AlertEvent { Change = change.Kind.ToString().ToLowerInvariant(), Alert = Describe(change.Alert) });
            }
            if (watcher.Overflowed)
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"the reader fell more than {StreamBuffer} changes behind; watch again"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
        finally
        {
            await Unsubscribe(controlRoom, reference);
            grains.DeleteObjectReference<IAlertWatcher>(reference);
        }
    }

    public override async Task<ListAlertsReply> List(ListAlertsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var alerts = await grains.GetGrain<IControlRoomGrain>(siteId).ListAsync(Filter(request.Zone, request.MinPriority, request.IncludeResolved));
        var reply = new ListAlertsReply();
        reply.Alerts.AddRange(alerts.Select(Describe));
        return reply;
    }

    public override async Task<AlertInfo> Acknowledge(AcknowledgeAlertRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var (name, _) = CallerAudit.Caller(context);
        var id = RequiredId(request.Id);
        return await ActAsync(context, $"{siteId}/alerts/{id}", null,
            () => grains.GetGrain<IControlRoomGrain>(siteId).AcknowledgeAsync(id, name));
    }

    public override async Task<AlertInfo> Resolve(ResolveAlertRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var (name, _) = CallerAudit.Caller(context);
        if (string.IsNullOrEmpty(request.Outcome)) throw RequestChecks.Invalid("outcome", $"is required: one of {string.Join(", ", AlertWords.Outcomes.Keys)}");
        var id = RequiredId(request.Id);
        return await ActAsync(context, $"{siteId}/alerts/{id}", $"outcome {request.Outcome}: {request.Note}",
            () => grains.GetGrain<IControlRoomGrain>(siteId).ResolveAsync(id, name, request.Outcome, request.Note));
    }

    /// <summary>Runs an action on an alert with its request in the audit log first (<see cref="CallerAudit.ChangeAsync{T}"/>), and maps the domain's refusals.</summary>
    private Task<AlertInfo> ActAsync(ServerCallContext context, string target, string? reason, Func<Task<AlertSnapshot>> action) =>
        audit.ChangeAsync(context, target, reason, async () =>
        {
            try
            {
                return Describe(await action());
            }
            catch (AlertException e)
            {
                var code = e.Kind switch
                {
                    AlertErrorKind.NotFound => StatusCode.NotFound,
                    AlertErrorKind.NotAllowedNow => StatusCode.FailedPrecondition,
                    _ => StatusCode.InvalidArgument,
                };
                throw new RpcException(new Status(code, e.Field is { } field ? $"{field}: {e.Message}" : e.Message));
            }
        });

    private static AlertFilter Filter(string zone, string minPriority, bool includeResolved)
    {
        if (!string.IsNullOrEmpty(zone) && !Domain.Ids.IsValid(zone)) throw RequestChecks.Invalid("zone", $"'{Domain.Printable.Excerpt(zone, 70)}' is not a zone id");
        var priority = AlertPriority.Low;
        if (!string.IsNullOrEmpty(minPriority) && !AlertWords.Priorities.TryGetValue(minPriority, out priority))
            throw RequestChecks.Invalid("min_priority", $"'{Domain.Printable.Excerpt(minPriority, 20)}' is not one of {string.Join(", ", AlertWords.Priorities.Keys)}");
        return new AlertFilter(string.IsNullOrEmpty(zone) ? null : zone, priority, includeResolved);
    }

    private static string RequiredId(string id) =>
        string.IsNullOrEmpty(id) ? throw RequestChecks.Invalid("id", "is required")
        : id.Length > 64 || id.Any(char.IsControl) ? throw RequestChecks.Invalid("id", "is not an alert id") : id;

    /// <summary>Keeps the subscription alive while the stream is open (a subscription lapses unless renewed).</summary>
    private IDisposable RenewWhileOpen(IControlRoomGrain controlRoom, IAlertWatcher reference, CancellationToken streamOpen)
    {
        var timer = new PeriodicTimer(AlertWatching.RenewEvery);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await timer.WaitForNextTickAsync(streamOpen)) await controlRoom.SubscribeAsync(reference);
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { logger.LogWarning(e, "Renewing an alert watch failed"); }
        }, CancellationToken.None);
        return timer;
    }

    private async Task Unsubscribe(IControlRoomGrain controlRoom, IAlertWatcher reference)
    {
        try
        {
            await controlRoom.UnsubscribeAsync(reference);
        }
        catch (Exception e)
        {
            // The subscription lapses by itself; nothing is lost.
            logger.LogDebug(e, "Unsubscribing an alert watch failed");
        }
    }

    internal static AlertInfo Describe(AlertSnapshot a) => new()
    {
        Id = a.Id,
        Rule = a.RuleId,
        Trigger = a.Trigger.Word(),
        Place = a.Place,
        Source = a.Source ?? "",
        Priority = a.Priority.Word(),
        Text = a.Text,
        Status = a.Status.ToString().ToLowerInvariant(),
        RaisedAt = Timestamp.FromDateTimeOffset(a.RaisedAt),
        FirstSeen = Timestamp.FromDateTimeOffset(a.FirstSeen),
        LastSeen = Timestamp.FromDateTimeOffset(a.LastSeen),
        Count = a.Count,
        Escalated = a.IsEscalated,
        EscalatedAt = Stamp(a.EscalatedAt),
        AcknowledgedBy = a.AcknowledgedBy ?? "",
        AcknowledgedAt = Stamp(a.AcknowledgedAt),
        ResolvedBy = a.ResolvedBy ?? "",
        ResolvedAt = Stamp(a.ResolvedAt),
        Outcome = a.Outcome is { } o ? o.Word() : "",
        Note = a.Note ?? "",
        Version = a.Version,
    };

    private static Timestamp? Stamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    /// <summary>The observer behind one stream: hands changes to the stream's channel without ever waiting.</summary>
    private sealed class StreamWatcher(ChannelWriter<AlertChange> changes) : IAlertWatcher
    {
        public bool Overflowed { get; private set; }

        public Task OnAlertChanged(AlertChange change)
        {
            if (!changes.TryWrite(change))
            {
                Overflowed = true;
                changes.TryComplete();
            }
            return Task.CompletedTask;
        }
    }
}
