namespace CameraBeheer.Edge.Disk;

/// <summary>Free space of the disk that holds a folder; a seam so tests can fill a disk without filling one.</summary>
public interface IFreeSpace
{
    /// <summary>Bytes available to this process on the disk that holds <paramref name="folder"/>.</summary>
    long AvailableBytes(string folder);
}

/// <summary>The real disk, through <see cref="DriveInfo"/>.</summary>
public sealed class DriveFreeSpace : IFreeSpace
{
    public long AvailableBytes(string folder) => new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
}
