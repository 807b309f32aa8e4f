using CameraBeheer.Grains.Watching;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// Streams a grain's watch feed to one gRPC client, for every watch the API offers (alerts, police notifications): the
/// observer is registered and held (<see cref="ObserverRegistration{TObserver}"/>), a <see cref="WatchFeed{T}"/> keeps the
/// subscription and the keepalives, the current list goes out first, and the stream ends with a status a client can act
/// on: RESOURCE_EXHAUSTED for a reader too slow to keep up, UNAVAILABLE when the grain cannot be reached or the server stops.
/// </summary>
public sealed class GrainWatchStream(IGrainFactory grains, IOptions<WatchOptions> watching, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<GrainWatchStream> logger)
{
    /// <summary>Runs one stream until the client leaves, the feed ends or the server stops.</summary>
    /// <param name="grain">The grain side: what is watched and how an observer subscribes.</param>
    /// <param name="writer">The client side: what the stream writes for each item of the feed.</param>
    public async Task RunAsync<TChange, TObserver>(ServerCallContext context, WatchedGrain<TChange, TObserver> grain, WatchStreamWriter<TChange> writer)
        where TObserver : class, IGrainObserver
    {
        ObserverRegistration<TObserver>? observer = null;
        var feed = new WatchFeed<TChange>(grain.What, () => grain.Subscribe(observer!.Reference), watching.Value, time, logger);
        observer = new ObserverRegistration<TObserver>(grains, grain.Observer(feed));
        try
        {
            // Subscribe first, then list: nothing that happens in between is missed.
            await feed.StartAsync();
            await writer.WriteCurrent();
            await writer.WriteKeepalive();
            // A stop does not wait for watchers: their streams end at once (UNAVAILABLE) and their clients reconnect.
            using var open = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
            await foreach (var item in feed.Items.ReadAllAsync(open.Token))
            {
                var written = item.Kind switch
                {
                    WatchItemKind.Keepalive => writer.WriteKeepalive(),
                    WatchItemKind.CatchUp => writer.CatchUp(),
                    _ => writer.WriteChange(item.Change!),
                };
                await written;
            }
        }
        catch (WatchEndedException e)
        {
            throw new RpcException(new Status(e.FellBehind ? StatusCode.ResourceExhausted : StatusCode.Unavailable, e.Message));
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is stopping; watch again in a moment"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
        finally
        {
            await feed.DisposeAsync();
            await UnsubscribeAsync(grain, observer.Reference);
            observer.Dispose();
        }
    }

    private async Task UnsubscribeAsync<TChange, TObserver>(WatchedGrain<TChange, TObserver> grain, TObserver reference) where TObserver : class, IGrainObserver
    {
        try
        {
            await grain.Unsubscribe(reference);
        }
        catch (Exception e)
        {
            // The subscription lapses by itself; nothing is lost.
            logger.LogDebug(e, "Unsubscribing a watch on {What} failed; it lapses by itself", grain.What);
        }
    }
}

/// <summary>The grain side of a watch stream.</summary>
/// <param name="What">What is watched, for log lines and the status that ends the stream ("the control room of domus-almere-poort").</param>
/// <param name="Observer">The observer object of one stream, handing what the grain pushes to the stream's feed.</param>
/// <param name="Subscribe">Subscribes or renews the observer's reference with the grain.</param>
/// <param name="Unsubscribe">Ends the subscription when the stream ends.</param>
public sealed record WatchedGrain<TChange, TObserver>(
    string What,
    Func<WatchFeed<TChange>, TObserver> Observer,
    Func<TObserver, Task> Subscribe,
    Func<TObserver, Task> Unsubscribe) where TObserver : class, IGrainObserver;

/// <summary>The client side of a watch stream: what it writes, in the order the feed gives.</summary>
/// <param name="WriteCurrent">The grain's current list, written once the subscription stands.</param>
/// <param name="WriteKeepalive">A keepalive: after the current list (the watch is live from there) and whenever the stream is idle.</param>
/// <param name="CatchUp">After a renewal: compares with the grain and writes whatever did not reach the stream.</param>
/// <param name="WriteChange">A change the grain pushed.</param>
public sealed record WatchStreamWriter<TChange>(Func<Task> WriteCurrent, Func<Task> WriteKeepalive, Func<Task> CatchUp, Func<TChange, Task> WriteChange);

/// <summary>The part every watch observer shares: it hands what the grain pushes to its feed and never waits.</summary>
public abstract class FeedObserver<TChange>(WatchFeed<TChange> feed)
{
    /// <summary>The grain deactivates and forgets its watchers: the feed renews the subscription at once.</summary>
    public Task OnSubscriptionEnded()
    {
        feed.SubscriptionEnded();
        return Task.CompletedTask;
    }

    protected Task OfferAsync(TChange change)
    {
        feed.Offer(change);
        return Task.CompletedTask;
    }
}
