namespace CameraBeheer.Storage;

/// <summary>A write of new footage was refused because the storage is below its free-space floor
/// (<see cref="FreeSpaceGuardBlobStore"/>). Nothing was written and nothing was deleted.</summary>
public sealed class StorageFullException : IOException
{
    public StorageFullException(string blobName, long freeBytes, long floorBytes)
        : base(MessageFor(freeBytes, floorBytes))
    {
        BlobName = blobName;
        FreeBytes = freeBytes;
        FloorBytes = floorBytes;
    }

    /// <summary>The blob whose write was refused.</summary>
    public string BlobName { get; }

    /// <summary>Free space when the write was refused, in bytes.</summary>
    public long FreeBytes { get; }

    /// <summary>The free-space floor, in bytes.</summary>
    public long FloorBytes { get; }

    /// <summary>What the operator reads, in the exception and in the log: the numbers, and what to do about it.</summary>
    internal static string MessageFor(long freeBytes, long floorBytes) =>
        $"storage below its free-space floor ({FreeSpaceGuardBlobStore.GiB(freeBytes)} free, floor {FreeSpaceGuardBlobStore.GiB(floorBytes)}): "
        + "new footage is refused; nothing is deleted to make room — free space on the storage volume, "
        + $"or lower {FreeSpaceGuardBlobStore.FloorSetting} if the floor is set too high";
}
