namespace CameraBeheer.Storage;

/// <summary>Settings of <see cref="LocalDiskBlobStore"/>.</summary>
public sealed class LocalDiskBlobStoreOptions
{
    /// <summary>The folder that holds the blobs; created when missing.</summary>
    public string Root { get; set; } = "";
}
