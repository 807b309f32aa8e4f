using System.Threading.Channels;

namespace CameraBeheer.Web.Tests.Components;

/// <summary>
/// The backend for component tests: answers per gRPC method, a call that never answers (to see "loading"), refusals
/// as the real API gives them, and a Watch stream the test writes to. Records the headers of every call.
/// </summary>
public sealed class FakeBackend : CallInvoker
{
    private readonly Dictionary<string, Func<object, Task<object>>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Channel<object>> _streams = new(StringComparer.Ordinal);
    private readonly List<(string Method, Metadata? Headers, object Request)> _calls = [];

    public IReadOnlyList<(string Method, Metadata? Headers, object Request)> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    public FakeBackend On<TRequest, TResponse>(string method, Func<TRequest, TResponse> answer) where TResponse : class =>
        OnAsync<TRequest, TResponse>(method, r => Task.FromResult(answer(r)));

    public FakeBackend OnAsync<TRequest, TResponse>(string method, Func<TRequest, Task<TResponse>> answer) where TResponse : class
    {
        _answers[method] = async request => await answer((TRequest)request);
        return this;
    }

    public FakeBackend Refuse(string method, StatusCode code, string detail)
    {
        _answers[method] = _ => Task.FromException<object>(new RpcException(new Status(code, detail)));
        return this;
    }

    /// <summary>A server stream that stays open until the test completes it.</summary>
    public Channel<object> Stream(string method) => _streams.TryGetValue(method, out var s) ? s : _streams[method] = Channel.CreateUnbounded<object>();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        lock (_calls) _calls.Add((method.FullName, options.Headers, request));
        async Task<TResponse> Answer() => _answers.TryGetValue(method.FullName, out var answer)
            ? (TResponse)await answer(request)
            : throw new RpcException(new Status(StatusCode.Unimplemented, $"the fake backend has no answer for {method.FullName}"));
        return new AsyncUnaryCall<TResponse>(Answer(), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        lock (_calls) _calls.Add((method.FullName, options.Headers, request));
        var reader = new Reader<TResponse>(Stream(method.FullName).Reader, options.CancellationToken);
        return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("the console makes no blocking calls");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    private sealed class Reader<T>(ChannelReader<object> source, CancellationToken cancelled) : IAsyncStreamReader<T>
    {
        public T Current { get; private set; } = default!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancelled);
            if (!await source.WaitToReadAsync(both.Token)) return false;
            Current = (T)await source.ReadAsync(both.Token);
            return true;
        }
    }
}
