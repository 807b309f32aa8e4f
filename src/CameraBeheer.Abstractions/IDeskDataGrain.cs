namespace CameraBeheer.Abstractions;

/// <summary>
/// A desk grain holding personal data that must go the retention period after it ended. The sweep asks what is due,
/// writes its receipt, and only then has it forgotten: nothing goes without a receipt.
/// </summary>
public interface IDeskDataGrain : IGrainWithStringKey
{
    /// <summary>The items that ended at least the retention period before now.</summary>
    Task<ImmutableArray<EndedItem>> DueForDeletionAsync();

    /// <summary>Deletes the items (and what hangs on them) for good; unknown ids are ignored, so a repeated sweep is harmless.</summary>
    Task ForgetAsync(ImmutableArray<string> ids);
}

/// <summary>An item of personal data that ended: what kind it is and when it ended.</summary>
[GenerateSerializer, Immutable]
public sealed record EndedItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset Ended);
