using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Alerts;
using CameraBeheer.Grains.Watching;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// The control room over gRPC. <c>Watch</c> wraps a grain observer in a <see cref="WatchFeed{T}"/> per stream: the control
/// room never waits for a reader, a reader too slow to keep up loses its stream (with a clear status) rather than memory,
/// the subscription is kept through failed renewals and control-room deactivations (catching up on what was missed), an
/// idle stream carries keepalives, and a stream that can no longer deliver ends with UNAVAILABLE.
/// </summary>
[Authorize(Roles = $"{Operator},{Manager}")]
public sealed class AlertsService(SiteConfiguration site, IGrainFactory grains, CallerAudit audit, GrainWatchStream watch, TimeProvider time) : Contracts.V1.Alerts.AlertsBase
{
    /// <summary>The change word of a keepalive: no alert; sent right after the open alerts (the watch is live from there) and then at a steady interval.</summary>
    public const string Keepalive = "keepalive";

    public override async Task Watch(WatchAlertsRequest request, IServerStreamWriter<AlertEvent> responseStream, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var filter = Filter(request.Zone, request.MinPriority, includeResolved: false);
        var controlRoom = grains.GetGrain<IControlRoomGrain>(siteId);
        var watchedSince = time.GetUtcNow();
        var shown = new Dictionary<string, int>(StringComparer.Ordinal);
        await watch.RunAsync(context,
            new WatchedGrain<AlertChange, IAlertWatcher>($"the control room of {siteId}", feed => new StreamWatcher(feed), controlRoom.SubscribeAsync, controlRoom.UnsubscribeAsync),
            new WatchStreamWriter<AlertChange>(
                WriteCurrent: async () =>
                {
                    // Versions drop what the list already showed.
                    foreach (var alert in await controlRoom.ListAsync(filter))
                    {
                        shown[alert.Id] = alert.Version;
                        await responseStream.WriteAsync(new AlertEvent { Change = "existing", Alert = Describe(alert) });
                    }
                },
                WriteKeepalive: () => responseStream.WriteAsync(new AlertEvent { Change = Keepalive }),
                CatchUp: async () =>
                {
                    foreach (var missed in await MissedAsync(controlRoom, filter, shown, watchedSince))
                        await SendAsync(missed);
                },
                WriteChange: change => filter.Matches(change) ? SendAsync(change) : Task.CompletedTask));

        async Task SendAsync(AlertChange change)
        {
            if (shown.TryGetValue(change.Alert.Id, out var seen) && change.Alert.Version <= seen) return;
            shown[change.Alert.Id] = change.Alert.Version;
            await responseStream.WriteAsync(new AlertEvent { Change = change.Kind.ToString().ToLowerInvariant(), Alert = Describe(change.Alert) });
        }
    }

    /// <summary>
    /// What changed without reaching this stream (the control room deactivated and forgot its watchers, or a push was
    /// lost): every alert newer than the version shown, as the change its state says. Alerts resolved before the watch
    /// began are not news.
    /// </summary>
    private static async Task<IEnumerable<AlertChange>> MissedAsync(IControlRoomGrain controlRoom, AlertFilter filter, Dictionary<string, int> shown, DateTimeOffset watchedSince)
    {
        var all = await controlRoom.ListAsync(filter with { IncludeResolved = true });
        return all
            .Where(a => shown.TryGetValue(a.Id, out var seen) ? a.Version > seen : a.Status != AlertStatus.Resolved || a.ResolvedAt >= watchedSince)
            .Select(a => new AlertChange(a, KindOf(a, shown.ContainsKey(a.Id))));
    }

    private static AlertChangeKind KindOf(AlertSnapshot a, bool known) =>
        !known && a.Status != AlertStatus.Resolved ? AlertChangeKind.Opened
        : a.Status == AlertStatus.Resolved ? AlertChangeKind.Resolved
        : a.Status == AlertStatus.Acknowledged ? AlertChangeKind.Acknowledged
        : a.IsEscalated ? AlertChangeKind.Escalated
        : AlertChangeKind.Updated;

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
        if (!string.IsNullOrEmpty(zone) && !Domain.Ids.IsValid(zone)) throw RequestChecks.Invalid("zone", $"'{Printable.Excerpt(zone, 70)}' is not a zone id");
        var priority = AlertPriority.Low;
        if (!string.IsNullOrEmpty(minPriority) && !AlertWords.Priorities.TryGetValue(minPriority, out priority))
            throw RequestChecks.Invalid("min_priority", $"'{Printable.Excerpt(minPriority, 20)}' is not one of {string.Join(", ", AlertWords.Priorities.Keys)}");
        return new AlertFilter(string.IsNullOrEmpty(zone) ? null : zone, priority, includeResolved);
    }

    private static string RequiredId(string id) =>
        string.IsNullOrEmpty(id) ? throw RequestChecks.Invalid("id", "is required")
        : id.Length > 64 || id.Any(char.IsControl) ? throw RequestChecks.Invalid("id", "is not an alert id") : id;

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

    /// <summary>The observer behind one stream: hands changes to the stream's feed without ever waiting.</summary>
    private sealed class StreamWatcher(WatchFeed<AlertChange> feed) : FeedObserver<AlertChange>(feed), IAlertWatcher
    {
        public Task OnAlertChanged(AlertChange change) => OfferAsync(change);
    }
}
