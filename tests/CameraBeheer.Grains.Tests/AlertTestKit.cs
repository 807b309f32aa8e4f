using System.Collections.Concurrent;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains.Tests;

/// <summary>
/// What the alert tests share: the site's control room, moving the fake clock to a local time of day, and waiting for
/// grains that work on timers or one-way calls.
/// </summary>
/// <remarks>
/// Orleans grain timers run on the silo's <see cref="TimeProvider"/>: moving the fake clock past a timer's due time queues
/// the tick on the grain before <c>Advance</c> returns. A call to the same grain made afterwards is queued behind that
/// tick, so it returns only when the tick (and the alert it raised) is done: <see cref="AfterTimersAsync"/>.
/// </remarks>
internal static class AlertTestKit
{
    public const string Site = "domus-almere-poort";

    public static SiteConfiguration SiteConfig { get; } = SiteConfigurationLoader.LoadFile(ClusterFixture.RealSiteFile);

    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static IControlRoomGrain ControlRoom(this ClusterFixture fixture) => fixture.Grains.GetGrain<IControlRoomGrain>(Site);

    public static ICameraGrain Camera(this ClusterFixture fixture, string camera) => fixture.Grains.GetGrain<ICameraGrain>(GrainKeys.Camera(Site, camera));

    public static IZoneGrain Zone(this ClusterFixture fixture, string zone) => fixture.Grains.GetGrain<IZoneGrain>(GrainKeys.Zone(Site, zone));

    public static IGateGrain Gate(this ClusterFixture fixture, string gate) => fixture.Grains.GetGrain<IGateGrain>(GrainKeys.Gate(Site, gate));

    /// <summary>
    /// Moves the clock forward to <paramref name="localTime"/> (Europe/Amsterdam) on the first day at least two days ahead
    /// for which <paramref name="day"/> holds; the clock only moves forward, so each test gets days of its own.
    /// </summary>
    public static DateTimeOffset MoveClockToLocal(this ClusterFixture fixture, Func<DateOnly, bool> day, TimeOnly localTime)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), Amsterdam).DateTime).AddDays(2);
        while (!day(date))
            date = date.AddDays(1);
        var local = date.ToDateTime(localTime);
        var instant = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Amsterdam), TimeSpan.Zero);
        fixture.Clock.SetUtcNow(instant);
        return instant;
    }

    public static bool IsSchoolDay(DateOnly date) => SiteConfig.SchoolCalendar.IsSchoolDay(date);

    /// <summary>Moves the clock and waits until <paramref name="grain"/> has run the timer ticks that came due (see the remarks of the class).</summary>
    public static async Task AdvanceAndWaitForTimersAsync(this ClusterFixture fixture, TimeSpan by, Func<Task> grain)
    {
        fixture.Clock.Advance(by);
        await grain();
    }

    /// <summary>The alerts of <paramref name="ruleId"/> whose first occurrence was at <paramref name="firstSeen"/>: the test's own, in a control room all tests share.</summary>
    public static async Task<IReadOnlyList<AlertSnapshot>> AlertsAsync(this ClusterFixture fixture, string ruleId, DateTimeOffset firstSeen) =>
        (await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.RuleId == ruleId && a.FirstSeen == firstSeen).ToList();

    /// <summary>
    /// Waits (in real time, briefly) until <paramref name="done"/> holds: for what a timer tick does, so a test does not
    /// depend on the tick having finished by the time the call right after the fake clock's advance returns.
    /// </summary>
    public static Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what) =>
        Eventually.GetAsync(probe, done, what, every: TimeSpan.FromMilliseconds(20));

    /// <summary>Waits (in real time, briefly) for an alert that a one-way call will raise.</summary>
    public static async Task<AlertSnapshot> WaitForAlertAsync(this ClusterFixture fixture, string ruleId, DateTimeOffset firstSeen) =>
        (await UntilAsync(() => fixture.AlertsAsync(ruleId, firstSeen), alerts => alerts.Count > 0, $"an alert of rule {ruleId} first seen at {firstSeen:O}"))[0];

    /// <summary>Waits until the zone has taken a one-way motion change: its rules were evaluated in the same turn.</summary>
    public static Task WaitForFeedAsync(this IZoneGrain zone, string feed, bool active) =>
        UntilAsync(zone.GetSnapshotAsync, z => z.ActiveFeeds.Contains(feed) == active, $"feed {feed} to become {(active ? "active" : "inactive")}");

    public static AlertRule Rule(string id) => SiteConfig.Rules.Single(r => r.Id == id);
}

/// <summary>A watcher in the test process: an Orleans observer that keeps every change it receives.</summary>
internal sealed class RecordingWatcher : IAlertWatcher
{
    private readonly ConcurrentQueue<AlertChange> _changes = new();

    public IReadOnlyCollection<AlertChange> Changes => _changes;

    public Task OnAlertChanged(AlertChange change)
    {
        _changes.Enqueue(change);
        return Task.CompletedTask;
    }

    // Subscribed once by a test that does not outlive the grain's activation.
    public Task OnSubscriptionEnded() => Task.CompletedTask;

    public async Task<AlertChange> WaitForAsync(string alertId, AlertChangeKind kind)
    {
        // What it heard so far, as "id kind", so that a time-out names them.
        await Eventually.GetAsync(() => Task.FromResult(_changes.Select(c => $"{c.Alert.Id} {c.Kind}").ToList()), heard => heard.Contains($"{alertId} {kind}"),
            $"the watcher to hear {kind} for {alertId}", every: TimeSpan.FromMilliseconds(20));
        return _changes.First(c => c.Alert.Id == alertId && c.Kind == kind);
    }
}
