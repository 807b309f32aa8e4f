using System.Threading.Channels;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Sites;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using static CameraBeheer.Contracts.Auth.TokenContract.Roles;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// Time-outs as the police see them: a list, a live stream (a grain observer behind a bounded channel, like the alert
/// watch) and the acknowledgement. A notification written to a police stream is marked delivered.
/// </summary>
public sealed class PoliceNotificationsService(SiteConfiguration site, IGrainFactory grains, DeskCalls calls, ILogger<PoliceNotificationsService> logger)
    : Contracts.V1.PoliceNotifications.PoliceNotificationsBase
{
    private const int StreamBuffer = 1000;

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
        var changes = Channel.CreateBounded<PoliceNotificationRecord>(new BoundedChannelOptions(StreamBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var watcher = new StreamWatcher(changes.Writer);
        var reference = grains.CreateObjectReference<IPoliceNotificationWatcher>(watcher);
        try
        {
            // Subscribe first, then list: nothing that happens in between is missed.
            await timeOuts.SubscribeAsync(reference);
            using var renewal = RenewWhileOpen(timeOuts, reference, context.CancellationToken);
            var shown = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var n in await timeOuts.NotificationsAsync(includeAcknowledged: false))
            {
                await responseStream.WriteAsync(new PoliceNotificationEvent { Change = "existing", Notification = Describe(n) });
                shown[n.Id] = n.State;
                await timeOuts.MarkDeliveredAsync(n.Id, by);
            }
            if (shown.Count == 0) await context.WriteResponseHeadersAsync([]);
            await foreach (var n in changes.Reader.ReadAllAsync(context.CancellationToken))
            {
                var change = n.AcknowledgedAt is not null ? "acknowledged" : "new";
                if (shown.TryGetValue(n.Id, out var seen) && (seen == "acknowledged" || change == "new")) continue;
                shown[n.Id] = n.State;
                await responseStream.WriteAsync(new PoliceNotificationEvent { Change = change, Notification = Describe(n) });
                if (change == "new") await timeOuts.MarkDeliveredAsync(n.Id, by);
            }
            if (watcher.Overflowed)
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"the reader fell more than {StreamBuffer} notifications behind; watch again"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
        finally
        {
            try { await timeOuts.UnsubscribeAsync(reference); }
            catch (Exception e) { logger.LogDebug(e, "Unsubscribing a police watch failed; it lapses by itself"); }
            grains.DeleteObjectReference<IPoliceNotificationWatcher>(reference);
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

    private IDisposable RenewWhileOpen(ITimeOutGrain timeOuts, IPoliceNotificationWatcher reference, CancellationToken streamOpen)
    {
        var timer = new PeriodicTimer(AlertWatching.RenewEvery);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await timer.WaitForNextTickAsync(streamOpen)) await timeOuts.SubscribeAsync(reference);
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { logger.LogWarning(e, "Renewing a police watch failed"); }
        }, CancellationToken.None);
        return timer;
    }

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
    private sealed class StreamWatcher(ChannelWriter<PoliceNotificationRecord> changes) : IPoliceNotificationWatcher
    {
        public bool Overflowed { get; private set; }

        public Task OnNotification(PoliceNotificationRecord notification)
        {
            if (!changes.TryWrite(notification))
            {
                Overflowed = true;
                changes.TryComplete();
            }
            return Task.CompletedTask;
        }
    }
}
