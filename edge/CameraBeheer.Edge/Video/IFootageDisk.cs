namespace CameraBeheer.Edge.Video;

/// <summary>Whether the disk footage is written to has room for new footage (see <c>Disk/FootageDiskGuard</c>).</summary>
public interface IFootageDisk
{
    /// <summary>True while free space is below the minimum: no new segment may be started.</summary>
    bool RefusingFootage { get; }

    /// <summary>Completes once new footage is allowed again (at once when it is).</summary>
    Task WhenFootageAllowedAsync(CancellationToken cancellationToken);
}
