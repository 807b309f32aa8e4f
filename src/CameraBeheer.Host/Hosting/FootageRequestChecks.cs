using CameraBeheer.Abstractions;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Host.Hosting;

/// <summary>How often the deadlines of police requests are checked (section <c>FootageRequests</c>).</summary>
public sealed class FootageRequestCheckOptions
{
    /// <summary>Once a minute: deadlines are hours and days, an alert a minute late is on time.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Resumes the exports a restart cut off, then checks every open request's deadlines on a timer: an unreviewed request
/// alerts the manager at 48 hours and expires at 72, an urgent demand without written confirmation alerts after 3 days.
/// </summary>
public sealed partial class FootageRequestChecks(
    SiteConfiguration site,
    IGrainFactory grains,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<FootageRequestCheckOptions> options,
    ILogger<FootageRequestChecks> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ResumeExportsAsync();
            using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
            do
            {
                await CheckAllAsync();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Checks every request that a deadline or an export may still change.</summary>
    public async Task CheckAllAsync()
    {
        foreach (var request in await grains.GetGrain<IFootageRequestIndexGrain>(site.Site.Id).ListAsync())
        {
            if (!request.NeedsChecks) continue;
            try
            {
                await grains.GetGrain<IFootageRequestGrain>(request.Id).CheckDeadlinesAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckFailed(logger, e, request.Id); // checked again at the next tick
            }
        }
    }

    private async Task ResumeExportsAsync()
    {
        try
        {
            foreach (var request in await grains.GetGrain<IFootageRequestIndexGrain>(site.Site.Id).ListAsync())
            {
                if (request.Status == Domain.FootageRequests.RequestStatus.Exporting)
                    await grains.GetGrain<IFootageRequestGrain>(request.Id).ResumeAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogResumeFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The deadlines of footage request {Request} could not be checked; trying again at the next check")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string request);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exports cut off by the last shutdown could not be resumed; retry them with `footage retry`")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
