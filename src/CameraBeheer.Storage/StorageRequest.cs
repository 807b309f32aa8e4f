namespace CameraBeheer.Storage;

/// <summary>The kinds of storage request <see cref="CountingBlobStore"/> counts.</summary>
public enum StorageRequest
{
    Read,
    Write,
    List,
    Delete,
}
