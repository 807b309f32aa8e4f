using System.Threading.Channels;
using Polly;
using Polly.Timeout;

namespace CameraBeheer.Grains.Watching;

/// <summary>
/// The feed behind one live watch stream on a grain observer: the observer's changes, a keepalive every
/// <see cref="WatchOptions.KeepaliveEvery"/>, and a subscription kept alive through failed renewals and grain
/// deactivations. After every renewal the stream's writer is asked to catch up with the grain (a deactivated grain
/// forgot its watchers, so changes may have gone to no one); when renewing keeps failing for
/// <see cref="WatchOptions.GiveUpAfter"/> the feed ends with a <see cref="WatchEndedException"/>, so the stream ends
/// with a status instead of staying open with nothing on it.
/// </summary>
/// <remarks>
/// It lives beside the grains (not in the host) so the grain tests can run it against a real silo and a fake clock.
/// The observer never waits: a change that does not fit in the buffer ends the feed (the reader fell behind).
/// </remarks>
public sealed partial class WatchFeed<T> : IAsyncDisposable
{
    private readonly Channel<WatchItem<T>> _items;
    private readonly Func<Task> _subscribe;
    private readonly WatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _what;
    private readonly ResiliencePipeline _renewal;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _ended = NewSignal();
    private Task _loops = Task.CompletedTask;

    /// <param name="what">What is watched, for log lines and the status that ends the stream ("the control room").</param>
    /// <param name="subscribe">Subscribes or renews the observer with the grain.</param>
    public WatchFeed(string what, Func<Task> subscribe, WatchOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _what = what;
        _subscribe = subscribe;
        _options = options;
        _time = time;
        _logger = logger;
        _items = Channel.CreateBounded<WatchItem<T>>(new BoundedChannelOptions(options.Buffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _renewal = RetryPipelines.WatchRenewal(options.GiveUpAfter, time, args =>
        {
            LogRenewalFailed(_logger, args.Outcome.Exception, _what, args.AttemptNumber + 1);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>What the stream writes, in order; ends with a <see cref="WatchEndedException"/> when the stream cannot go on.</summary>
    public ChannelReader<WatchItem<T>> Items => _items.Reader;

    /// <summary>Subscribes (a failure here fails the call that opens the stream) and starts renewing and keepalives.</summary>
    public async Task StartAsync()
    {
        await _subscribe();
        _loops = Task.WhenAll(
            Task.Run(() => KeepAliveAsync(_stop.Token), CancellationToken.None),
            Task.Run(() => RenewAsync(_stop.Token), CancellationToken.None));
    }

    /// <summary>A change from the observer; never waits.</summary>
    public void Offer(T change)
    {
        if (!_items.Writer.TryWrite(new WatchItem<T>(WatchItemKind.Change, change)))
            _items.Writer.TryComplete(new WatchEndedException($"the reader fell more than {_options.Buffer} changes behind; watch again", fellBehind: true));
    }

    /// <summary>The grain said the subscription is gone (it deactivates): renew now rather than at the next renewal.</summary>
    public void SubscriptionEnded() => Volatile.Read(ref _ended).TrySetResult();

    private async Task KeepAliveAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.KeepaliveEvery, _time);
        try
        {
            // A full buffer means the reader is busy with changes: the stream is not idle, so no keepalive is needed.
            while (await timer.WaitForNextTickAsync(stop)) _items.Writer.TryWrite(new WatchItem<T>(WatchItemKind.Keepalive, default));
        }
        catch (OperationCanceledException) { }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var ended = Volatile.Read(ref _ended).Task;
            await Task.WhenAny(Task.Delay(_options.RenewEvery, _time, stop), ended);
            if (stop.IsCancellationRequested) return;
            if (ended.IsCompleted)
            {
                Volatile.Write(ref _ended, NewSignal());
                LogResubscribing(_logger, _what);
            }
            try
            {
                await _renewal.ExecuteAsync(async _ => await _subscribe(), stop);
                _items.Writer.TryWrite(new WatchItem<T>(WatchItemKind.CatchUp, default));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is TimeoutRejectedException or not OperationCanceledException)
            {
                LogGaveUp(_logger, e, _what, _options.GiveUpAfter);
                _items.Writer.TryComplete(new WatchEndedException(
                    $"{_what} could not be reached for {_options.GiveUpAfter.TotalSeconds:0} s, so this stream would miss changes; watch again", e));
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loops;
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing a watch on {What} failed (attempt {Attempt}); trying again")]
    private static partial void LogRenewalFailed(ILogger logger, Exception? error, string what, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} went away; subscribing a watch again")]
    private static partial void LogResubscribing(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "A watch on {What} could not be renewed for {GiveUpAfter}; ending the stream")]
    private static partial void LogGaveUp(ILogger logger, Exception error, string what, TimeSpan giveUpAfter);
}
