using System.Collections.Concurrent;
using CameraBeheer.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace CameraBeheer.Grains.Tests;

/// <summary>
/// The site clock on a real silo with Orleans' in-memory reminders (as the localhost mode runs it), reminders allowed
/// down to a second so ticks come in a test's time. Each test uses a site of its own.
/// </summary>
public sealed class SiteClockGrainTests(SiteClockFixture fixture) : IClassFixture<SiteClockFixture>
{
    private static readonly SiteClockSchedule Quick = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    private static readonly SiteClockSchedule NoSweepSoon = new(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    [Fact]
    public async Task Start_from_every_silo_registers_the_wake_up_and_retention_reminders_once_and_wakes_the_site()
    {
        var clock = fixture.Clock("start-twice");

        await clock.StartAsync(NoSweepSoon with { SweepEvery = TimeSpan.FromMinutes(5) });
        await clock.StartAsync(NoSweepSoon with { SweepEvery = TimeSpan.FromMinutes(5) });

        var snapshot = await clock.GetAsync();
        Assert.Equal(
            [new SiteClockReminder(SiteClockGrain.SweepReminder, TimeSpan.FromMinutes(5)), new SiteClockReminder(SiteClockGrain.WakeUpReminder, TimeSpan.FromHours(1))],
            snapshot.Reminders);
        await Until(() => fixture.Chores.WakeUps("start-twice") >= 1, "the wake-up at start");
    }

    [Fact]
    public async Task A_changed_sweep_interval_replaces_the_reminder()
    {
        var clock = fixture.Clock("changed-interval");
        await clock.StartAsync(NoSweepSoon);

        await clock.StartAsync(NoSweepSoon with { SweepEvery = TimeSpan.FromHours(2) });

        Assert.Contains(new SiteClockReminder(SiteClockGrain.SweepReminder, TimeSpan.FromHours(2)), (await clock.GetAsync()).Reminders);
    }

    [Fact]
    public async Task The_wake_up_reminder_wakes_the_site_at_every_tick()
    {
        var clock = fixture.Clock("wake-ticks");

        await clock.StartAsync(Quick with { SweepEvery = TimeSpan.FromHours(1), FirstSweepAfter = TimeSpan.FromHours(1) });

        // One wake-up at start, then one per tick: three can only come from the reminder.
        await Until(() => fixture.Chores.WakeUps("wake-ticks") >= 3, "three wake-ups");
    }

    [Fact]
    public async Task A_sweep_runs_outside_the_clock_turn_and_a_tick_while_it_runs_is_skipped()
    {
        const string site = "long-sweep";
        var release = fixture.Chores.HoldSweeps(site);
        var clock = fixture.Clock(site);

        await clock.StartAsync(Quick with { WakeUpEvery = TimeSpan.FromHours(1) });

        await Until(() => fixture.Chores.SweepsStarted(site) == 1, "the first sweep");
        // The clock answers while its sweep hangs, and the ticks that come meanwhile start no second sweep.
        var during = await UntilValue(clock.GetAsync, s => s.SweepsSkipped >= 2, "two skipped ticks");
        Assert.True(during.Sweeping);
        Assert.Equal(1, during.SweepsStarted);
        Assert.Equal(1, fixture.Chores.SweepsStarted(site));
        Assert.Equal(fixture.SiloName, fixture.Chores.Sweeper(site));

        release.SetResult();
        await Until(() => fixture.Chores.SweepsStarted(site) >= 2, "a sweep after the long one ended");
    }

    [Fact]
    public async Task A_failing_sweep_does_not_stop_the_next()
    {
        const string site = "failing-sweep";
        fixture.Chores.FailSweeps(site);
        var clock = fixture.Clock(site);

        await clock.StartAsync(Quick with { WakeUpEvery = TimeSpan.FromHours(1) });

        await Until(() => fixture.Chores.SweepsStarted(site) >= 2, "a second sweep after a failed one");
    }

    private static async Task Until(Func<bool> done, string what) => await UntilValue(() => Task.FromResult(done()), d => d, what);

    // Reminder ticks come in real time on a loaded machine: a generous bound, checked often.
    private static Task<T> UntilValue<T>(Func<Task<T>> probe, Func<T, bool> done, string what) =>
        Eventually.GetAsync(probe, done, what, TimeSpan.FromSeconds(90), every: TimeSpan.FromMilliseconds(50));
}

/// <summary>One silo with in-memory reminders (minimum period 1 s) and the recording chores, for <see cref="SiteClockGrainTests"/>.</summary>
public sealed class SiteClockFixture : IAsyncLifetime
{
    public const string Silo = "clock-silo";

    private readonly TempFolder _folder = new("grains", onTmpfs: true);
    private InProcessTestCluster _cluster = null!;

    public RecordingChores Chores { get; } = new();

    public string SiloName { get; private set; } = "";

    public ISiteClockGrain Clock(string site) => _cluster.Client.GetGrain<ISiteClockGrain>(site);

    public async ValueTask InitializeAsync()
    {
        var root = _folder.Path;
        var chores = Chores;
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<ISiteChores>(chores);
            host.Services.AddLocalDiskBlobStore(root);
        });
        builder.ConfigureSilo((_, silo) => silo
            .AddBlobGrainStorageAsDefault()
            .UseSystemTextJsonGrainStorageSerializer()
            .UseInMemoryReminderService()
            .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        SiloName = _cluster.Silos[0].ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name;
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>Counts what the clock set going, per site; a site's sweeps can be made to hang or to fail.</summary>
public sealed class RecordingChores : ISiteChores
{
    private readonly ConcurrentDictionary<string, int> _wakeUps = new();
    private readonly ConcurrentDictionary<string, int> _sweeps = new();
    private readonly ConcurrentDictionary<string, string> _sweepers = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly ConcurrentDictionary<string, bool> _failing = new();

    public int WakeUps(string site) => _wakeUps.GetValueOrDefault(site);

    public int SweepsStarted(string site) => _sweeps.GetValueOrDefault(site);

    public string? Sweeper(string site) => _sweepers.GetValueOrDefault(site);

    /// <summary>Makes the site's sweeps wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldSweeps(string site) => _holds.GetOrAdd(site, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void FailSweeps(string site) => _failing[site] = true;

    public Task WakeUpAsync(string site, CancellationToken cancellationToken)
    {
        _wakeUps.AddOrUpdate(site, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public async Task SweepAsync(string site, DateTimeOffset tick, string silo, CancellationToken cancellationToken)
    {
        _sweeps.AddOrUpdate(site, 1, (_, n) => n + 1);
        _sweepers[site] = silo;
        if (_holds.TryGetValue(site, out var hold)) await hold.Task.WaitAsync(cancellationToken);
        if (_failing.ContainsKey(site)) throw new IOException("the blob store is unreachable");
    }
}
