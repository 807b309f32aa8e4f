using CameraBeheer.Domain.Desk;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Grains;

/// <summary>The durable register of a site's residents, present and removed (until their retention period has passed).</summary>
[GenerateSerializer]
public sealed class ResidentsState
{
    [Id(0)] public List<ResidentRecord> Residents { get; set; } = [];

    /// <summary>The last number handed out: ids are never reused, so old records never point at a new resident.</summary>
    [Id(1)] public long LastNumber { get; set; }
}

/// <summary>Adds and removes residents; saved before it answers.</summary>
public sealed class ResidentsGrain(
    [PersistentState("residents", StorageNames.Default)] IPersistentState<ResidentsState> state,
    SiteConfiguration site,
    TimeProvider time) : Grain, IResidentsGrain
{
    /// <summary>Domus houses at most 35 residents (the plan).</summary>
    public const int MaxPresent = 35;

    public const int MaxRoomLength = 20;

    private readonly DeskRetention _retention = DeskRetention.For(site.Retention);

    public async Task<ResidentRecord> AddAsync(string name, string? room, string by)
    {
        var clean = DeskText.Name(name, "name");
        var cleanRoom = DeskText.Text(room, "room", optional: true);
        if (cleanRoom.Length > MaxRoomLength || cleanRoom.Contains('\n', StringComparison.Ordinal))
            throw DeskException.Invalid("room", $"room: at most {MaxRoomLength} characters on one line");
        var present = state.State.Residents.Where(r => r.IsPresent).ToList();
        if (present.Count >= MaxPresent)
            throw DeskException.NotNow($"residents: {MaxPresent} residents are registered, the most Domus houses; remove one who has left first");
        if (present.FirstOrDefault(r => string.Equals(r.Name, clean, StringComparison.OrdinalIgnoreCase)) is { } same)
            throw DeskException.NotNow($"name: a resident named '{same.Name}' is already registered as {same.Id}", "name");

        var resident = new ResidentRecord(DeskIds.Make(DeskIds.Resident, state.State.LastNumber + 1), clean, cleanRoom.Length == 0 ? null : cleanRoom, time.GetUtcNow(), by);
        state.State.LastNumber++;
        state.State.Residents.Add(resident);
        await state.SaveOrForgetAsync();
        return resident;
    }

    public async Task<ResidentRecord> RemoveAsync(string id, string by)
    {
        var index = IndexOf(DeskIds.Require(id, DeskIds.Resident, "id", "r-07"));
        var resident = state.State.Residents[index];
        if (!resident.IsPresent) throw DeskException.NotNow($"id: {resident.Id} was already removed", "id");
        return await state.ChangeAsync(state.State.Residents, index, resident with { RemovedAt = time.GetUtcNow(), RemovedBy = by });
    }

    public Task<ImmutableArray<ResidentRecord>> ListAsync(bool includeRemoved) =>
        Task.FromResult(state.State.Residents.Where(r => includeRemoved || r.IsPresent).OrderBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray());

    public Task<ResidentRecord?> FindAsync(string id) => Task.FromResult(state.State.Residents.FirstOrDefault(r => r.Id == id));

    public Task<ImmutableArray<EndedItem>> DueForDeletionAsync() =>
        Task.FromResult(_retention.DueForDeletion(state.State.Residents, time.GetUtcNow(), "resident", r => r.Id, r => r.RemovedAt));

    public async Task ForgetAsync(ImmutableArray<string> ids)
    {
        if (state.State.Residents.RemoveAll(r => ids.Contains(r.Id) && !r.IsPresent) > 0) await state.SaveOrForgetAsync();
    }

    private int IndexOf(string id) => state.State.Residents.IndexOf(r => r.Id == id, "id", $"id: there is no resident '{id}'");
}
