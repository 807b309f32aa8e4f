using Grpc.Core;
using Polly;

namespace CameraBeheer.Cli.Commands;

/// <summary>What a resuming watch shows: each event as it comes, and what to do when the stream was lost.</summary>
internal interface IWatchScreen<in TEvent>
{
    /// <summary>A new stream is open; <paramref name="resuming"/> when an earlier one was lost (compare, mark what was missed).</summary>
    void Connected(bool resuming);

    Task ShowAsync(TEvent e, CancellationToken cancellationToken);
}

/// <summary>
/// A live watch that does not go quiet: a stream that ends, fails with a passing error or carries nothing (not even a
/// keepalive) for <see cref="Silence"/> is opened again with back-off (Polly), and the screen is told it is resuming.
/// Errors a user must act on (a refused token or role, a bad argument) still end the command.
/// </summary>
internal static class ResumingWatch
{
    /// <summary>The server sends a keepalive every 15 s by default: four missed ones mean the stream is dead.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(60);

    public static async Task RunAsync<TEvent>(Invocation run, Func<CancellationToken, AsyncServerStreamingCall<TEvent>> open, IWatchScreen<TEvent> screen, CancellationToken cancellationToken)
    {
        var everConnected = false;
        // A fresh pipeline for each outage: the back-off starts small again after a stream that worked.
        while (!cancellationToken.IsCancellationRequested)
        {
            var pipeline = CliRetryPipelines.WatchReconnect(
                new PredicateBuilder().Handle<RpcException>(e => Passing(e.StatusCode) && !cancellationToken.IsCancellationRequested).Handle<StreamLostException>(),
                args =>
                {
                    run.Context.Error.WriteLine($"watch: {Reason(args.Outcome.Exception)}; trying again in {args.RetryDelay.TotalSeconds:0} s");
                    return ValueTask.CompletedTask;
                });
            await pipeline.ExecuteAsync(async token =>
            {
                using var call = open(token);
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(token);
                quiet.CancelAfter(Silence);
                var first = true;
                try
                {
                    while (await call.ResponseStream.MoveNext(quiet.Token).ConfigureAwait(false))
                    {
                        quiet.CancelAfter(Silence);
                        if (first)
                        {
                            if (everConnected) run.Context.Error.WriteLine("watch: connected again; what changed meanwhile is marked 'missed'");
                            screen.Connected(everConnected);
                            (first, everConnected) = (false, true);
                        }
                        await screen.ShowAsync(call.ResponseStream.Current, token).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (quiet.IsCancellationRequested && !token.IsCancellationRequested && e is RpcException or OperationCanceledException)
                {
                    throw new StreamLostException($"nothing heard for {Silence.TotalSeconds:0} s");
                }
                catch (RpcException e) when (!first && Passing(e.StatusCode) && !token.IsCancellationRequested)
                {
                    // It worked before it broke: say so and start a fresh back-off.
                    run.Context.Error.WriteLine($"watch: {Reason(e)}; reconnecting");
                    return;
                }
                if (!token.IsCancellationRequested)
                {
                    if (first) throw new StreamLostException("the server ended the stream");
                    run.Context.Error.WriteLine("watch: the server ended the stream; reconnecting");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Errors that pass: the server restarting or unreachable, a stream that fell behind or was cut off.</summary>
    private static bool Passing(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.DeadlineExceeded or StatusCode.Cancelled;

    private static string Reason(Exception? e) => e switch
    {
        RpcException rpc => Output.Display.Clean(rpc.Status.Detail.Length > 0 ? rpc.Status.Detail : rpc.StatusCode.ToString()),
        null => "stream lost",
        _ => Output.Display.Clean(e.Message),
    };

    private sealed class StreamLostException(string message) : Exception(message);
}
