namespace CameraBeheer.Storage.Retention;

/// <summary>What one sweep did: deleted objects and bytes, what holds kept, its receipts, and the storage calls it cost.</summary>
public sealed record SweepResult(
    DateTimeOffset Started,
    DateTimeOffset Cutoff,
    long ObjectsDeleted,
    long BytesDeleted,
    long EventLinesDeleted,
    long KeptForHolds,
    IReadOnlyList<string> ReceiptFiles,
    int ReceiptsWritten,
    long StorageCalls);
