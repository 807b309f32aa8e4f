namespace CameraBeheer.Abstractions;

/// <summary>
/// Who lives at the site (key: the site id), as far as the desk needs it: an id such as <c>r-07</c>, a display name and
/// a room; nothing medical. A removed resident stays for the history until the retention period has passed.
/// </summary>
public interface IResidentsGrain : IDeskDataGrain
{
    Task<ResidentRecord> AddAsync(string name, string? room, string by);

    Task<ResidentRecord> RemoveAsync(string id, string by);

    Task<ImmutableArray<ResidentRecord>> ListAsync(bool includeRemoved);

    /// <summary>The resident, present or removed, or null when the id is unknown.</summary>
    Task<ResidentRecord?> FindAsync(string id);
}

[GenerateSerializer, Immutable]
public sealed record ResidentRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Room,
    [property: Id(3)] DateTimeOffset AddedAt,
    [property: Id(4)] string AddedBy,
    [property: Id(5)] DateTimeOffset? RemovedAt = null,
    [property: Id(6)] string? RemovedBy = null)
{
    public bool IsPresent => RemovedAt is null;
}
