using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using CameraBeheer.Domain.Alerts;
using CameraBeheer.Storage;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The figures a control-room supervisor watches, on meter <c>CameraBeheer.Host</c>: cameras online and configured,
/// open alerts by priority and status (gauges, sampled by <see cref="SiteFiguresSampler"/>, since a scrape must not wait
/// for grain calls), and the storage requests the backend made, by kind (read, write, list, delete).
/// </summary>
public sealed class SiteFigures
{
    public const string MeterName = "CameraBeheer.Host";

    private static readonly AlertPriority[] Priorities = Enum.GetValues<AlertPriority>();
    private static readonly AlertStatus[] OpenStatuses = [AlertStatus.New, AlertStatus.Acknowledged];

    private volatile Sample? _last;

    public SiteFigures(IMeterFactory meterFactory, SiteConfiguration site, CountingBlobStore storage)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("camerabeheer.cameras.configured", () => site.Cameras.Count, unit: "{camera}",
            description: "cameras in the site file");
        meter.CreateObservableGauge("camerabeheer.cameras.online", CamerasOnline, unit: "{camera}",
            description: "cameras whose last status (or their edge agent's) is online");
        meter.CreateObservableGauge("camerabeheer.alerts.open", OpenAlerts, unit: "{alert}",
            description: "alerts not yet resolved, by priority and status (new, acknowledged)");
        meter.CreateObservableCounter("camerabeheer.storage.requests", () => StorageRequests(storage), unit: "{request}",
            description: "requests made of the blob store (what a cloud store bills), by kind");
    }

    /// <summary>When the figures were last sampled (null: not yet).</summary>
    public DateTimeOffset? SampledAt => _last?.At;

    /// <summary>Takes a new sample (<paramref name="openAlerts"/>: the control room's list under <c>AlertFilter.Open</c>); the gauges show it from the next scrape on.</summary>
    public void Record(DateTimeOffset at, int camerasOnline, ImmutableArray<AlertSnapshot> openAlerts) =>
        _last = new Sample(at, camerasOnline, openAlerts.CountBy(a => (a.Priority, a.Status)).ToDictionary());

    private IEnumerable<Measurement<int>> CamerasOnline()
    {
        // Nothing rather than a made-up 0 until the first sample: a dashboard shows "no data", not "all cameras down".
        if (_last is { } sample) yield return new Measurement<int>(sample.CamerasOnline);
    }

    private IEnumerable<Measurement<int>> OpenAlerts()
    {
        if (_last is not { } sample) yield break;
        // Every combination, zeros too, so a series drops to 0 when its last alert is resolved instead of vanishing.
        foreach (var priority in Priorities)
            foreach (var status in OpenStatuses)
                yield return new Measurement<int>(sample.OpenAlerts.GetValueOrDefault((priority, status)),
                    new("priority", Name(priority)), new("status", Name(status)));
    }

    private static IEnumerable<Measurement<long>> StorageRequests(CountingBlobStore storage) =>
    [
        new(storage.ReadRequests, new KeyValuePair<string, object?>("kind", "read")),
        new(storage.WriteRequests, new KeyValuePair<string, object?>("kind", "write")),
        new(storage.ListRequests, new KeyValuePair<string, object?>("kind", "list")),
        new(storage.DeleteRequests, new KeyValuePair<string, object?>("kind", "delete")),
    ];

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private sealed record Sample(DateTimeOffset At, int CamerasOnline, Dictionary<(AlertPriority, AlertStatus), int> OpenAlerts);
}
