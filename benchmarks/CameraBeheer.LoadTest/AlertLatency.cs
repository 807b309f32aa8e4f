using System.Diagnostics;
using System.Globalization;
using CameraBeheer.Contracts.Auth;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Contracts.V1;
using MQTTnet;
using MQTTnet.Protocol;

namespace CameraBeheer.LoadTest;

/// <summary>
/// From an MQTT motion event to the alert on a control-room <c>Watch</c> stream: one motion start at a time on a camera
/// the throughput rounds do not use, each answered by an alert change (opened, then updated while it coalesces).
/// </summary>
internal static class AlertLatency
{
    public const string Zone = "straal-250m";
    public const string Camera = "cam-31";
    public const string RuleId = "loadtest-straal-altijd";

    /// <summary>The site file plus a rule on <see cref="Zone"/> that holds at any hour, so the phase does not depend on the time of day.</summary>
    public static string SiteConfigWithRule(string siteConfig, string workFolder)
    {
        var json = File.ReadAllText(siteConfig);
        var rule = $$"""{ "id": "{{RuleId}}", "zones": ["{{Zone}}"], "trigger": "motion", "priority": "low", "text": "load test: motion in the radius" },""";
        var path = Path.Combine(workFolder, "site-with-loadtest-rule.json");
        File.WriteAllText(path, json.Replace("\"rules\": [", "\"rules\": [\n    " + rule, StringComparison.Ordinal));
        return path;
    }

    public static async Task<string> MeasureAsync(Backend backend, string brokerHost, int brokerPort, string site, string runTag, int samples, CancellationToken cancellationToken)
    {
        using var client = backend.ClientAs(TokenContract.Roles.Operator);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watch = client.Alerts.Watch(new WatchAlertsRequest { Zone = Zone }, cancellationToken: watching.Token);
        var mqtt = new MqttClientFactory().CreateMqttClient();
        await mqtt.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(brokerHost, brokerPort).WithClientId($"loadtest-{runTag}-alerts").Build(), cancellationToken);
        var latencies = new List<double>(samples);
        try
        {
            await LiveAsync(watch.ResponseStream, cancellationToken);
            var changes = Changes(watch.ResponseStream, watching.Token).GetAsyncEnumerator(watching.Token);
            for (var i = 0; i < samples; i++)
            {
                var ts = DateTimeOffset.UtcNow;
                var sent = Stopwatch.GetTimestamp();
                await PublishAsync(mqtt, site, $"lat-{runTag}-{i}-s", ts, "start", cancellationToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await changes.MoveNextAsync().AsTask().WaitAsync(timeout.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        var ingest = await backend.StatisticsAsync(resetLatency: false, CancellationToken.None);
                        throw new LoadTestException(string.Create(CultureInfo.InvariantCulture,
                            $"no alert change within 30 s of motion sample {i} (after {latencies.Count} answered); the backend has received {ingest.Received} messages, acknowledged {ingest.Acknowledged}"));
                    }
                    if (!more) throw new LoadTestException("the alert watch ended");
                    if (changes.Current.Alert.LastSeen.ToDateTimeOffset() >= ts.AddMilliseconds(-1)) break;
                }
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                // End the motion, so the next start is a transition the zone passes on.
                await PublishAsync(mqtt, site, $"lat-{runTag}-{i}-e", DateTimeOffset.UtcNow, "end", cancellationToken);
                await Task.Delay(100, cancellationToken);
            }
        }
        finally
        {
            await watching.CancelAsync();
            await mqtt.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
            mqtt.Dispose();
        }
        latencies.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"alert latency (MQTT motion on {Camera} to its alert on a Watch stream, {latencies.Count} samples): p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms");
    }

    /// <summary>
    /// Reads the open alerts up to the first keepalive, which the server sends once the watch is live: an alert opened
    /// before that is listed as <c>existing</c>, which <see cref="Changes"/> skips, so a first motion published earlier
    /// would never be answered.
    /// </summary>
    private static async Task LiveAsync(Grpc.Core.IAsyncStreamReader<AlertEvent> stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await stream.MoveNext(timeout.Token))
            if (stream.Current.Change == "keepalive") return;
        throw new LoadTestException("the alert watch ended before it was live");
    }

    private static async IAsyncEnumerable<AlertEvent> Changes(Grpc.Core.IAsyncStreamReader<AlertEvent> stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken))
            if (stream.Current.Change is not ("existing" or "keepalive")) yield return stream.Current; // keepalives carry no alert
    }

    private static Task PublishAsync(IMqttClient mqtt, string site, string id, DateTimeOffset ts, string phase, CancellationToken cancellationToken)
    {
        var payload = string.Create(CultureInfo.InvariantCulture,
            $$"""{"id":"{{id}}","ts":"{{ts.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","phase":"{{phase}}","score":0.5}""");
        var message = new MqttApplicationMessageBuilder().WithTopic(EdgeTopics.Motion(site, Camera)).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        return mqtt.PublishAsync(message, cancellationToken);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
