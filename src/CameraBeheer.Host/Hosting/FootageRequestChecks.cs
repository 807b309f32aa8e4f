namespace CameraBeheer.Host.Hosting;

/// <summary>
/// At each tick of the site clock (once a minute, on one silo of the cluster): resumes the exports a lost process cut
/// off, then checks every open request's deadlines: an unreviewed request alerts the manager at 48 hours and expires at
/// 72, an urgent demand without written confirmation alerts after 3 days.
/// </summary>
public sealed partial class FootageRequestChecks(
    SiteConfiguration site,
    IGrainFactory grains,
    ILogger<FootageRequestChecks> logger)
{
    /// <summary>Resumes cut-off exports (a request's grain starts only an export no live activation runs), then checks deadlines.</summary>
    public async Task RunAsync()
    {
        var requests = await grains.GetGrain<IFootageRequestIndexGrain>(site.Site.Id).ListAsync();
        await ResumeExportsAsync(requests);
        await CheckAllAsync(requests);
    }

    /// <summary>Checks every request that a deadline or an export may still change.</summary>
    private async Task CheckAllAsync(IEnumerable<FootageRequestSummary> requests)
    {
        foreach (var request in requests)
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

    private async Task ResumeExportsAsync(IEnumerable<FootageRequestSummary> requests)
    {
        try
        {
            foreach (var request in requests)
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Exports cut off by a shutdown or a lost silo could not be resumed; trying again at the next check (or retry them with `footage retry`)")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
