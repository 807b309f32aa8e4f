using System.Net.Sockets;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Domain;
using CameraBeheer.Edge.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace CameraBeheer.Edge.Gate;

/// <summary>Settings of one <see cref="GateAgent"/>.</summary>
public sealed class GateAgentOptions
{
    /// <summary>The gate id as in the site configuration.</summary>
    public string Gate { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Reads one gate controller over TCP (the line protocol of Gate/PROTOCOL.md) and queues each event line as a gate
/// event in the <see cref="EdgeOutbox"/>. A bad line is logged with a safe excerpt and skipped; the connection stays up.
/// When the controller drops the connection, or cannot be reached, the agent reconnects with backoff (the
/// <c>gate-reconnect</c> pipeline of <see cref="EdgeRetries"/>).
/// </summary>
/// <remarks>
/// An event's id is made of its time, its kind and its number among the lines of this connection with that time and
/// kind (<see cref="EdgeEventIds.Gate"/>): a controller that sends its recent lines again after a reconnect produces
/// the same ids, which the outbox (and the backend) recognise.
/// </remarks>
public sealed class GateAgent
{
    private const int ReadBufferBytes = 4096;
    private const int ProblemsLoggedInFull = 10;
    private static readonly TimeSpan StableConnection = TimeSpan.FromSeconds(5);

    private readonly GateAgentOptions _options;
    private readonly EdgeOutbox _outbox;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<(DateTimeOffset, string), int> _sequence = [];
    private readonly ResiliencePipeline<TimeSpan> _reconnect;
    private long _connections;
    private long _accepted;
    private long _rejected;
    private int _problemsThisConnection;
    private bool _failing;

    public GateAgent(GateAgentOptions options, EdgeOutbox outbox, ILogger<GateAgent>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outbox);
        if (!Ids.IsValid(options.Gate))
        {
            throw new ArgumentException($"gate '{options.Gate}' is not a valid id: {Ids.Rule}", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        _options = options;
        _outbox = outbox;
        _logger = logger ?? NullLogger<GateAgent>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _reconnect = EdgeRetries.GateReconnect(options.MinBackoff, options.MaxBackoff, _time, heldFor => heldFor < StableConnection, OnReconnect);
    }

    public string Gate => _options.Gate;

    /// <summary>Connections made to the controller so far.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Event lines queued as gate events so far.</summary>
    public long LinesAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Bad lines skipped so far.</summary>
    public long LinesRejected => Interlocked.Read(ref _rejected);

    private string Endpoint => $"{_options.Host}:{_options.Port}";

    /// <summary>Reads the controller until <paramref name="cancellationToken"/> is cancelled, reconnecting as needed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The gate-reconnect pipeline connects again, with growing waits, while the controller cannot be reached
                // or drops the connection at once; a connection that held for a while ends it, so the waits start over.
                await _reconnect.ExecuteAsync(ReadOneConnectionAsync, cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.MinBackoff, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Connects and reads lines until the connection ends; returns how long it held.</summary>
    private async ValueTask<TimeSpan> ReadOneConnectionAsync(CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        tcp.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await tcp.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no answer within {_options.ConnectTimeout.TotalSeconds:0} s");
            }
        }

        var connectedAt = _time.GetUtcNow();
        Interlocked.Increment(ref _connections);
        _logger.LogInformation("Gate {Gate}: connected to the controller at {Endpoint}", Gate, Endpoint);
        _failing = false;
        try
        {
            await ReadLinesAsync(tcp.GetStream(), cancellationToken).ConfigureAwait(false);
            _logger.LogWarning("Gate {Gate}: the controller at {Endpoint} closed the connection; reconnecting", Gate, Endpoint);
        }
        catch (Exception e) when (e is SocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The connection broke: how long it held decides whether the waits start over, as for a close.
            ReportFailure(e);
        }

        return _time.GetUtcNow() - connectedAt;
    }

    private ValueTask OnReconnect(OnRetryArguments<TimeSpan> retry)
    {
        if (retry.Outcome.Exception is { } e)
        {
            ReportFailure(e);
        }

        return ValueTask.CompletedTask;
    }

    private void ReportFailure(Exception e)
    {
        if (!_failing)
        {
            _logger.LogWarning("Gate {Gate}: cannot read the controller at {Endpoint} ({Reason}); retrying every {Max:0} s at most",
                Gate, Endpoint, e.Message, _options.MaxBackoff.TotalSeconds);
        }
        else
        {
            _logger.LogDebug("Gate {Gate}: still cannot reach the controller at {Endpoint} ({Reason})", Gate, Endpoint, e.Message);
        }

        _failing = true;
    }

    /// <summary>Reads lines until the controller closes the connection.</summary>
    private async Task ReadLinesAsync(Stream stream, CancellationToken cancellationToken)
    {
        _sequence.Clear();
        _problemsThisConnection = 0;
        var buffer = new byte[ReadBufferBytes];
        var start = 0;
        var end = 0;
        var discarding = false;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (end > start && !discarding)
                {
                    Reject(buffer.AsSpan(start, end - start), "the connection closed in the middle of the line");
                }

                return;
            }

            end += read;
            int newline;
            while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                var line = buffer.AsMemory(start, newline);
                start += newline + 1;
                if (discarding)
                {
                    discarding = false; // the rest of an overlong line
                    continue;
                }

                await HandleLineAsync(line, cancellationToken).ConfigureAwait(false);
            }

            if (end - start > GateLineProtocol.MaxLineBytes + 1)
            {
                if (!discarding)
                {
                    Reject(buffer.AsSpan(start, end - start), $"the line is longer than {GateLineProtocol.MaxLineBytes} bytes");
                }

                discarding = true;
                start = end = 0;
            }
            else if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }
        }
    }

    private async Task HandleLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        var result = GateLineProtocol.Parse(line.Span, _time.GetUtcNow());
        if (result.IsIgnored)
        {
            return;
        }

        if (result.Line is not { } gateLine)
        {
            Reject(line.Span, result.Problem!);
            return;
        }

        var ts = gateLine.Ts.ToUniversalTime();
        var number = _sequence.GetValueOrDefault((ts, gateLine.Kind));
        _sequence[(ts, gateLine.Kind)] = number + 1;
        if (_sequence.Count > 4096)
        {
            _sequence.Clear(); // lines come in time order; only the last moments can repeat
            _sequence[(ts, gateLine.Kind)] = number + 1;
        }

        var payload = new GatePayload(EdgeEventIds.Gate(ts, gateLine.Kind, number), ts, gateLine.Kind, gateLine.Badge);
        try
        {
            if (await _outbox.EnqueueGateAsync(Gate, payload, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _accepted);
            }
            else
            {
                _logger.LogDebug("Gate {Gate}: event {Id} was queued before (the controller sent it again)", Gate, payload.Id);
            }
        }
        catch (IOException e)
        {
            _logger.LogError("Gate {Gate}: could not queue event {Id} ({Kind} at {Ts:O}): {Reason}", Gate, payload.Id, gateLine.Kind, ts.UtcDateTime, e.Message);
        }
    }

    private void Reject(ReadOnlySpan<byte> line, string problem)
    {
        Interlocked.Increment(ref _rejected);
        var problemNumber = ++_problemsThisConnection;
        // A controller sending garbage must not flood the log: the first few in full, then one in a hundred.
        if (problemNumber <= ProblemsLoggedInFull || problemNumber % 100 == 0)
        {
            _logger.LogWarning("Gate {Gate}: skipped a bad line from the controller ({Problem}): \"{Excerpt}\"{More}",
                Gate, problem, Printable.AsciiExcerpt(line), problemNumber == ProblemsLoggedInFull ? " (further bad lines are logged one in a hundred)" : "");
        }
    }
}
