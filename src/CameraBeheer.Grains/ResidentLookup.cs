using CameraBeheer.Domain.Desk;

namespace CameraBeheer.Grains;

/// <summary>How the guest register and the time-outs find the resident a request names.</summary>
internal static class ResidentLookup
{
    /// <summary>The present resident <paramref name="id"/>; refused naming <paramref name="field"/> when the id is malformed, unknown or removed.</summary>
    public static async Task<ResidentRecord> PresentResidentAsync(this IGrainFactory grains, string site, string? id, string field)
    {
        var checkedId = DeskIds.Require(id, DeskIds.Resident, field, "r-07");
        var resident = await grains.GetGrain<IResidentsGrain>(site).FindAsync(checkedId)
            ?? throw DeskException.NotFound(field, $"{field}: there is no resident '{checkedId}' (residents list shows who lives here)");
        return resident.IsPresent ? resident : throw DeskException.NotNow($"{field}: {resident.Id} ({resident.Name}) no longer lives here", field);
    }
}
