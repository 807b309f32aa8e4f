using CameraBeheer.Contracts.V1;
using CameraBeheer.Grains.Watching;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// Time-outs as the police see them: a list, a live stream (a grain observer behind a <see cref="WatchFeed{T}"/>, like
/// the alert watch, with keepalives and catching up after a deactivation) and the acknowledgement. A notification written
/// to a police stream is marked delivered.
/// </summary>
public sealed class PoliceNotificationsService(SiteConfiguration site, IGrainFactory grains, DeskCalls calls, GrainWatchStream watch)
    : Contracts.V1.PoliceNotifications.PoliceNotificationsBase
{
    [Authorize(Roles = $"{Police},{Staff},{Manager}")]
    public override async Task<ListPoliceNotificationsReply> List(ListPoliceNotificationsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var reply = new ListPoliceNotificationsReply();
        reply.Notifications.AddRange((await TimeOuts(siteId).NotificationsAsync(request.IncludeAcknowledged)).Select(Describe));
        return reply;
    }

    [Authorize(Roles = Police)]
    public override async Task Watch(WatchPoliceNotificationsRequest request, IServerStreamWriter<PoliceNotificationEvent> responseStream, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var timeOuts = TimeOuts(siteId);
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        await watch.RunAsync(context,
            new WatchedGrain<PoliceNotificationRecord, IPoliceNotificationWatcher>($"the time-outs of {siteId}", feed => new StreamWatcher(feed),
                timeOuts.SubscribeAsync, timeOuts.UnsubscribeAsync),
            new WatchStreamWriter<PoliceNotificationRecord>(
                WriteCurrent: async () =>
                {
                    foreach (var n in await timeOuts.NotificationsAsync(includeAcknowledged: false))
                    {
                        await responseStream.WriteAsync(new PoliceNotificationEvent { Change = "existing", Notification = Describe(n) });
                        shown[n.Id] = n.State;
                        await timeOuts.MarkDeliveredAsync(n.Id, by);
                    }
                },
                WriteKeepalive: () => responseStream.WriteAsync(new PoliceNotificationEvent { Change = AlertsService.Keepalive }),
                CatchUp: async () =>
                {
                    // What a deactivated time-out grain could not push: new notifications and acknowledgements of shown ones.
                    foreach (var n in await timeOuts.NotificationsAsync(includeAcknowledged: true))
                        if (shown.ContainsKey(n.Id) || n.AcknowledgedAt is null) await SendAsync(n);
                },
                WriteChange: SendAsync));

        async Task SendAsync(PoliceNotificationRecord n)
        {
            var change = n.AcknowledgedAt is not null ? "acknowledged" : "new";
            if (shown.TryGetValue(n.Id, out var seen) && (seen == "acknowledged" || change == "new")) return;
            shown[n.Id] = n.State;
            await responseStream.WriteAsync(new PoliceNotificationEvent { Change = change, Notification = Describe(n) });
            if (change == "new") await timeOuts.MarkDeliveredAsync(n.Id, by);
        }
    }

    [Authorize(Roles = Police)]
    public override async Task<PoliceNotificationInfo> Acknowledge(AcknowledgePoliceNotificationRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var notification = await calls.ChangeAsync(context, $"{siteId}/police-notifications/{ResidentsService.Target(request.Id)}", null,
            () => TimeOuts(siteId).AcknowledgeAsync(request.Id, by));
        return Describe(notification);
    }

    private ITimeOutGrain TimeOuts(string siteId) => grains.GetGrain<ITimeOutGrain>(siteId);

    /// <summary>Only what the plan requires: name, start, expected return, reason category, and the delivery state.</summary>
    internal static PoliceNotificationInfo Describe(PoliceNotificationRecord n) => new()
    {
        Id = n.Id,
        ResidentName = n.ResidentName,
        Start = Timestamps.Stamp(n.Start),
        ExpectedReturn = Timestamps.Stamp(n.ExpectedReturn),
        Category = n.Category,
        State = n.State,
        CreatedAt = Timestamps.Stamp(n.CreatedAt),
        DeliveredAt = Timestamps.Stamp(n.DeliveredAt),
        AcknowledgedAt = Timestamps.Stamp(n.AcknowledgedAt),
        AcknowledgedBy = n.AcknowledgedBy ?? "",
    };

    /// <summary>The observer behind one stream: never waits; a stream too far behind is ended rather than silently thinned.</summary>
    private sealed class StreamWatcher(WatchFeed<PoliceNotificationRecord> feed) : FeedObserver<PoliceNotificationRecord>(feed), IPoliceNotificationWatcher
    {
        public Task OnNotification(PoliceNotificationRecord notification) => OfferAsync(notification);
    }
}
