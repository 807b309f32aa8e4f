using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CameraBeheer.LoadTest;

/// <summary>One publishing camera: its id and a region its configuration knows, so the backend accepts its events.</summary>
internal sealed record LoadCamera(string Id, string Region);

/// <summary>
/// The edge side of the load: one MQTT client per camera publishing motion events at QoS 1, either closed-loop (a fixed
/// number of publishes awaiting their PUBACK at any time) or open-loop at a fixed rate.
/// </summary>
internal sealed class EdgeLoad : IAsyncDisposable
{
    private readonly IMqttClient[] _clients;
    private readonly LoadCamera[] _cameras;
    private readonly string _site;

    private EdgeLoad(IMqttClient[] clients, LoadCamera[] cameras, string site)
    {
        _clients = clients;
        _cameras = cameras;
        _site = site;
    }

    public static async Task<EdgeLoad> ConnectAsync(string host, int port, string site, IReadOnlyList<LoadCamera> cameras, string runTag, CancellationToken cancellationToken)
    {
        var clients = new IMqttClient[cameras.Count];
        var load = new EdgeLoad(clients, [.. cameras], site);
        try
        {
            for (var i = 0; i < cameras.Count; i++)
            {
                clients[i] = new MqttClientFactory().CreateMqttClient();
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer(host, port)
                    .WithClientId($"loadtest-{runTag}-{cameras[i].Id}")
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithCleanStart(true)
                    .WithTimeout(TimeSpan.FromSeconds(30))
                    .Build();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                await clients[i].ConnectAsync(options, timeout.Token);
            }
        }
        catch
        {
            await load.DisposeAsync();
            throw;
        }
        return load;
    }

    /// <summary>
    /// Publishes <paramref name="events"/> events round-robin over the cameras with exactly <paramref name="inFlight"/>
    /// publishes awaiting their PUBACK at a time; returns when the broker has acknowledged every one.
    /// </summary>
    public async Task PublishClosedLoopAsync(string topicPrefix, string roundTag, int events, int inFlight, CancellationToken cancellationToken)
    {
        var topics = Topics(topicPrefix);
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events)
                await PublishAsync(topics, roundTag, i, cancellationToken);
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(inFlight, events)).Select(_ => Task.Run(Worker, cancellationToken)));
    }

    /// <summary>
    /// Open loop: event i is published at <c>start + i / rate</c> whether or not earlier ones are done (up to
    /// <paramref name="maxInFlight"/> awaiting their PUBACK, a guard against unbounded memory, not a pace).
    /// Returns the rate actually reached and how far the publisher fell behind its schedule at worst.
    /// </summary>
    public async Task<(double Rate, TimeSpan MaxLag)> PublishPacedAsync(string topicPrefix, string roundTag, int events, double rate, int maxInFlight, CancellationToken cancellationToken)
    {
        var topics = Topics(topicPrefix);
        using var slots = new SemaphoreSlim(maxInFlight);
        var pending = new List<Task>(events);
        var maxLag = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < events)
        {
            var due = Math.Min(events, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                await slots.WaitAsync(cancellationToken);
                var lag = clock.Elapsed - TimeSpan.FromSeconds(sent / rate);
                if (lag > maxLag) maxLag = lag;
                pending.Add(PublishReleasingAsync(topics, roundTag, sent, slots, cancellationToken));
            }
            await Task.Delay(1, cancellationToken);
        }
        var published = clock.Elapsed;
        await Task.WhenAll(pending);
        return (events / Math.Max(published.TotalSeconds, 1e-3), maxLag);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (client is null) continue;
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Already gone (the broker stopped first): nothing to close.
            }
            client.Dispose();
        }
    }

    private string[] Topics(string prefix) => [.. _cameras.Select(c => $"{prefix}{_site}/camera/{c.Id}/motion")];

    private async Task PublishReleasingAsync(string[] topics, string roundTag, int i, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(topics, roundTag, i, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task PublishAsync(string[] topics, string roundTag, int i, CancellationToken cancellationToken)
    {
        var camera = i % _cameras.Length;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topics[camera])
            .WithPayload(MotionPayload(roundTag, i, _cameras[camera].Region, DateTimeOffset.UtcNow))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _clients[camera].PublishAsync(message, cancellationToken);
        if (!result.IsSuccess)
            throw new LoadTestException($"the broker refused a publish to {topics[camera]}: {result.ReasonCode} {result.ReasonString}");
    }

    /// <summary>
    /// Each camera's events run in motion episodes as an edge agent sends them: start, eight updates, end. So one event in
    /// five is a transition, the only kind the camera passes on to its zones.
    /// </summary>
    public const int EpisodeLength = 10;

    private static string Phase(int perCamera) => (perCamera % EpisodeLength) switch
    {
        0 => "start",
        EpisodeLength - 1 => "end",
        _ => "update",
    };

    /// <summary>A motion event of contract v1; the id is unique per round (<c>{roundTag}-{i}</c>), the time is now.</summary>
    public byte[] MotionPayload(string roundTag, int i, string region, DateTimeOffset now) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"id":"{{roundTag}}-{{i:D7}}","ts":"{{now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","phase":"{{Phase(i / _cameras.Length)}}","region":"{{region}}","score":0.42}"""));
}
