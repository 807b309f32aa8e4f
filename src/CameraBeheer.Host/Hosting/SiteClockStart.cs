using Microsoft.Extensions.Options;
using Polly;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Starts the site clock from every silo at its start: the reminders are registered once for the cluster (a later
/// silo finds them and changes nothing) and the clock wakes the site's grains at once.
/// </summary>
public sealed partial class SiteClockStart(
    SiteConfiguration site,
    IGrainFactory grains,
    IOptions<SiteClockOptions> clock,
    IOptions<RetentionOptions> retention,
    ILogger<SiteClockStart> logger) : BackgroundService
{
    private readonly ResiliencePipeline _untilStarted = HostRetryPipelines.SiteClockStart(args =>
    {
        LogRetry(logger, args.Outcome.Exception!, args.RetryDelay);
        return ValueTask.CompletedTask;
    });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = new SiteClockSchedule(clock.Value.WakeUpInterval, retention.Value.SweepInterval, retention.Value.FirstSweepAfter);
        try
        {
            await _untilStarted.ExecuteAsync(
                static async (state, _) => await state.Grains.GetGrain<ISiteClockGrain>(state.Site).StartAsync(state.Schedule),
                (Grains: grains, Site: site.Site.Id, Schedule: schedule), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site clock could not be started yet; trying again in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception exception, TimeSpan delay);
}
