using CameraBeheer.Abstractions;
using CameraBeheer.Domain.Sites;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

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
    // The silo may still be joining (membership, the reminder table): try again until it answers or the host stops.
    private static readonly ResiliencePipeline UntilStarted = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            UseJitter = true,
            OnRetry = args =>
            {
                LogRetry(args.Context.Properties.GetValue(LoggerKey, null!), args.Outcome.Exception!, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    private static readonly ResiliencePropertyKey<ILogger> LoggerKey = new("logger");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = new SiteClockSchedule(clock.Value.WakeUpInterval, retention.Value.SweepInterval, retention.Value.FirstSweepAfter);
        var context = ResilienceContextPool.Shared.Get(stoppingToken);
        context.Properties.Set(LoggerKey, logger);
        try
        {
            await UntilStarted.ExecuteAsync(
                static async (_, state) => await state.Grains.GetGrain<ISiteClockGrain>(state.Site).StartAsync(state.Schedule),
                context, (Grains: grains, Site: site.Site.Id, Schedule: schedule));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site clock could not be started yet; trying again in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception exception, TimeSpan delay);
}
