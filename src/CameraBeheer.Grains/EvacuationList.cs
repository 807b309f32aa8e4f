namespace CameraBeheer.Grains;

/// <summary>Everyone who should be on site now: residents present and not on time-out, and the guests checked in with whom they visit.</summary>
public sealed record EvacuationList(
    DateTimeOffset At,
    ImmutableArray<ResidentRecord> Residents,
    ImmutableArray<TimeOutRecord> Away,
    ImmutableArray<VisitRecord> Guests)
{
    /// <summary>Asks the three registers at once: in an emergency the list must come fast.</summary>
    public static async Task<EvacuationList> BuildAsync(IGrainFactory grains, string site, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(time);
        var residents = grains.GetGrain<IResidentsGrain>(site).ListAsync(includeRemoved: false);
        var away = grains.GetGrain<ITimeOutGrain>(site).ListAsync(includeEnded: false);
        var guests = grains.GetGrain<IGuestRegisterGrain>(site).OnSiteAsync();
        await Task.WhenAll(residents, away, guests);
        var awayIds = away.Result.Select(t => t.Resident).ToHashSet(StringComparer.Ordinal);
        return new EvacuationList(time.GetUtcNow(), [.. residents.Result.Where(r => !awayIds.Contains(r.Id))], away.Result, guests.Result);
    }
}
