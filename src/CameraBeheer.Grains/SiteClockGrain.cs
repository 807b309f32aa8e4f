namespace CameraBeheer.Grains;

/// <summary>
/// The clock of one site: its reminders are durable (Azure Table in a cluster, in memory on one localhost silo), so
/// after a silo is lost the clock activates on a survivor at the next tick and the work goes on there, once.
/// </summary>
/// <remarks>
/// The chores run on the thread pool, not in the grain's turn: a sweep can take minutes and the clock must keep taking
/// its ticks. A tick that comes while the previous chore of its kind still runs is skipped (and logged), so two sweeps
/// never overlap. The clock is the only activation in the cluster, which makes that check cluster-wide.
/// </remarks>
public sealed partial class SiteClockGrain(
    [PersistentState("siteclock", StorageNames.Default)] IPersistentState<SiteClockState> state,
    ISiteChores chores, ILocalSiloDetails silo, TimeProvider time, ILogger<SiteClockGrain> logger)
    : Grain, ISiteClockGrain, IRemindable
{
    public const string WakeUpReminder = "wake-up";
    public const string SweepReminder = "retention-sweep";

    private readonly CancellationTokenSource _deactivating = new();
    private Task _wakeUp = Task.CompletedTask;
    private Task _sweep = Task.CompletedTask;
    private int _wakeUps;
    private int _sweepsStarted;
    private int _sweepsSkipped;
    private DateTimeOffset? _lastSweepStarted;
    private DateTimeOffset _lastSweepTick = DateTimeOffset.MinValue;

    private string Site => this.GetPrimaryKeyString();

    private string SiloName => silo.Name;

    public async Task StartAsync(SiteClockSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await EnsureAsync(WakeUpReminder, schedule.WakeUpEvery, schedule.WakeUpEvery);
        await EnsureAsync(SweepReminder, schedule.FirstSweepAfter, schedule.SweepEvery);
        StartWakeUp();
    }

    public async Task<SiteClockSnapshot> GetAsync()
    {
        var reminders = await this.GetReminders();
        return new SiteClockSnapshot(
            [.. reminders.Select(r => new SiteClockReminder(r.ReminderName, state.State.Periods.GetValueOrDefault(r.ReminderName))).OrderBy(r => r.Name, StringComparer.Ordinal)],
            SiloName, _wakeUps, _sweepsStarted, _sweepsSkipped, !_sweep.IsCompleted, _lastSweepStarted);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case WakeUpReminder:
                StartWakeUp();
                break;
            case SweepReminder:
                StartSweep(status.CurrentTickTime == default ? time.GetUtcNow() : new DateTimeOffset(status.CurrentTickTime.ToUniversalTime(), TimeSpan.Zero));
                break;
            default:
                // A reminder this version no longer uses (renamed or dropped): remove it rather than be woken forever.
                LogUnknownReminder(logger, reminderName, Site);
                return UnregisterAsync(reminderName);
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating.Cancel();
        return Task.CompletedTask;
    }

    private async Task UnregisterAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder) await this.UnregisterReminder(reminder);
    }

    // RegisterOrUpdate would move the next tick each time a silo starts; a reminder already running keeps its schedule.
    private async Task EnsureAsync(string name, TimeSpan due, TimeSpan period)
    {
        var existing = await this.GetReminder(name);
        if (existing is not null && state.State.Periods.GetValueOrDefault(name) == period) return;
        await this.RegisterOrUpdateReminder(name, due, period);
        state.State.Periods[name] = period;
        await state.WriteStateAsync();
        LogRegistered(logger, name, Site, period, SiloName);
    }

    private void StartWakeUp()
    {
        if (!_wakeUp.IsCompleted) return; // the previous wake-up still runs: it does what this one would
        _wakeUps++;
        var site = Site;
        var cancel = _deactivating.Token;
        _wakeUp = Task.Run(async () =>
        {
            try
            {
                await chores.WakeUpAsync(site, cancel);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWakeUpFailed(logger, e, site); // the next tick wakes them again
            }
        }, CancellationToken.None);
    }

    private void StartSweep(DateTimeOffset tick)
    {
        // While reminder ranges move between silos (one joins or is lost) a tick can be delivered twice: sweep it once.
        if (tick <= _lastSweepTick) return;
        _lastSweepTick = tick;
        if (!_sweep.IsCompleted)
        {
            _sweepsSkipped++;
            LogSweepSkipped(logger, Site, tick, _lastSweepStarted, SiloName);
            return;
        }
        _sweepsStarted++;
        _lastSweepStarted = time.GetUtcNow();
        var site = Site;
        var name = SiloName;
        var cancel = _deactivating.Token;
        _sweep = Task.Run(async () =>
        {
            try
            {
                await chores.SweepAsync(site, tick, name, cancel);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e, site); // deleting is idempotent: the next sweep finishes the work
            }
        }, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Site clock: reminder {Reminder} of site {Site} registered every {Period} (by silo {Silo})")]
    private static partial void LogRegistered(ILogger logger, string reminder, string site, TimeSpan period, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site clock: retention sweep tick {Tick:O} of site {Site} skipped on silo {Silo}: the sweep started at {Started:O} still runs")]
    private static partial void LogSweepSkipped(ILogger logger, string site, DateTimeOffset tick, DateTimeOffset? started, string silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "Site clock: waking the grains of site {Site} failed; they are woken again at the next tick")]
    private static partial void LogWakeUpFailed(ILogger logger, Exception exception, string site);

    [LoggerMessage(Level = LogLevel.Error, Message = "Site clock: the retention sweep of site {Site} failed; the next sweep finishes its work")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string site);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site clock: reminder {Reminder} of site {Site} is not known to this version; it is removed")]
    private static partial void LogUnknownReminder(ILogger logger, string reminder, string site);
}
