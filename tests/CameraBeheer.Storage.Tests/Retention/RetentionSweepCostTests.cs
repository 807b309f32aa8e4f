using System.Diagnostics;
using System.Globalization;
using static CameraBeheer.Storage.Tests.Retention.Layout;

namespace CameraBeheer.Storage.Tests.Retention;

/// <summary>
/// What a sweep costs on a full site: 38 cameras × 28 days × 24 hours of ten-second segments, in the in-memory store
/// whose call counters stand in for the requests a cloud store bills. A sweep must cost in proportion to what has
/// expired, not to what is stored.
/// </summary>
/// <remarks>
/// Every hour folder of every camera exists, and the oldest and newest day hold all 360 segments an hour. The 26 days in
/// between hold one segment every 10 minutes: the full 9.2 million objects take about 40 s and 3.3 GB to build here,
/// and the sweep never looks inside those hours, so its calls are the same either way (measured: 192 with nothing
/// expired, 13,758 with one hour expired, for both). Set <c>CAMERABEHEER_RETENTION_COST_FULL=1</c> to store all
/// 9,192,960 segments.
/// </remarks>
public sealed class RetentionSweepCostTests
{
    private const int Cameras = 38;
    private const int Days = 28;
    private const int SegmentsPerHour = 360;
    private const int SegmentsPerHourInBetween = 6;

    private static readonly bool Full = Environment.GetEnvironmentVariable("CAMERABEHEER_RETENTION_COST_FULL") == "1";

    /// <summary>The oldest hour stored; the newest starts 28 × 24 − 1 hours later.</summary>
    private static readonly DateTimeOffset OldestHour = Utc(2026, 9, 20, 13);

    [Fact]
    public async Task A_sweep_of_38_cameras_with_28_days_stored_and_nothing_expired_makes_a_few_calls_per_camera_and_one_expired_hour_costs_about_that_hour()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var newestEnd = OldestHour.AddDays(Days); // the last segment starts 10 s before
        var clock = new FakeTimeProvider(newestEnd);
        var store = new InMemoryBlobStore(clock);
        var seeding = Stopwatch.StartNew();
        var stored = await SeedAsync(store, ct);
        seeding.Stop();
        Assert.Equal(store.Count, stored);

        // Now: the newest segment ended 5 s ago, the oldest (ending OldestHour + 10 s) is 5 s short of 28 days.
        clock.SetUtcNow(newestEnd + TimeSpan.FromSeconds(5));
        var sweeper = new RetentionSweeper(store, clock, NullLogger<RetentionSweeper>.Instance);
        store.ResetCounters();
        var sweeping = Stopwatch.StartNew();
        var nothing = await sweeper.SweepAsync(Site, RetentionPolicy.FourWeeks, [], ct);
        var nothingTime = sweeping.Elapsed;
        var nothingCalls = Calls(store);

        Assert.Equal(0, nothing.ObjectsDeleted);
        Assert.Equal(0, nothing.ReceiptsWritten);
        Assert.Equal(stored, store.Count);
        Assert.Equal(nothingCalls.Total, nothing.StorageCalls);
        Assert.True(nothingCalls.Total <= 8 * Cameras, $"nothing expired, yet the sweep made {nothingCalls}");

        // An hour later the oldest hour has expired (all but its last minute, which the sweeper bounds at start + 1 min).
        clock.Advance(TimeSpan.FromHours(1));
        store.ResetCounters();
        sweeping.Restart();
        var oneHour = await sweeper.SweepAsync(Site, RetentionPolicy.FourWeeks, [], ct);
        var oneHourTime = sweeping.Elapsed;
        var oneHourCalls = Calls(store);

        var expiredPerCamera = SegmentsPerHour - 5; // 13:00:00 … 13:59:00 have start + 1 min ≤ cutoff (14:00:05)
        Assert.Equal(Cameras * expiredPerCamera, oneHour.ObjectsDeleted);
        Assert.Equal(stored - (Cameras * expiredPerCamera) + 1, store.Count); // and one receipt file
        Assert.Equal(Cameras, oneHour.ReceiptsWritten); // one batch per camera
        Assert.Equal(oneHour.ObjectsDeleted, oneHourCalls.Deletes);
        Assert.Equal(oneHourCalls.Total, oneHour.StorageCalls);
        Assert.True(oneHourCalls.Total - oneHourCalls.Deletes <= 10 * Cameras, $"besides one delete per expired segment, the sweep made {oneHourCalls}");

        var report = string.Create(CultureInfo.InvariantCulture,
            $"""
             Retention sweep cost: {Cameras} cameras × {Days} days × 24 h, {(Full ? $"{SegmentsPerHour} segments an hour" : $"{SegmentsPerHour} segments an hour on the oldest and newest day, {SegmentsPerHourInBetween} in between")}: {stored:N0} objects stored (seeded in {seeding.Elapsed.TotalSeconds:0.0} s).
               Nothing expired:  {nothingCalls} — {nothingCalls.Total / (double)Cameras:0.0} calls per camera, {nothingTime.TotalMilliseconds:0} ms.
               One hour expired: {oneHourCalls} — {oneHour.ObjectsDeleted:N0} segments deleted, {(oneHourCalls.Total - oneHourCalls.Deletes) / (double)Cameras:0.0} calls per camera besides the deletes, {oneHourTime.TotalMilliseconds:0} ms.
             """);
        output?.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
    }

    /// <summary>Every camera's 28 days, every hour folder, oldest first, with empty contents (the sweeper never reads footage).</summary>
    private static async Task<int> SeedAsync(InMemoryBlobStore store, CancellationToken ct)
    {
        var count = 0;
        var newestDay = OldestHour.AddDays(Days - 1);
        for (var camera = 1; camera <= Cameras; camera++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"cam-{camera:D2}");
            for (var hour = OldestHour; hour < OldestHour.AddDays(Days); hour = hour.AddHours(1))
            {
                var perHour = Full || hour < OldestHour.AddDays(1) || hour >= newestDay ? SegmentsPerHour : SegmentsPerHourInBetween;
                var step = 3600 / perHour;
                for (var i = 0; i < perHour; i++)
                {
                    await store.PutAsync(Segment(id, hour.AddSeconds(step * i)), ReadOnlyMemory<byte>.Empty, BlobCondition.None, ct);
                    count++;
                }
            }
        }
        return count;
    }

    private static StoreCalls Calls(InMemoryBlobStore store) =>
        new(store.ListPrefixes, store.Lists, store.Gets, store.Puts + store.Appends, store.Deletes);

    private sealed record StoreCalls(long FolderListings, long BlobListings, long Reads, long Writes, long Deletes)
    {
        public long Total => FolderListings + BlobListings + Reads + Writes + Deletes;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Total:N0} calls ({FolderListings} folder listings, {BlobListings} blob listings, {Reads} reads, {Writes} writes, {Deletes:N0} deletes)");
    }
}
