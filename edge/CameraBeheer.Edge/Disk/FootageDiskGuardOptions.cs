namespace CameraBeheer.Edge.Disk;

/// <summary>Settings of <see cref="FootageDiskGuard"/> (<c>Edge:Disk</c>).</summary>
public sealed class FootageDiskGuardOptions
{
    /// <summary>The folder footage is written to (the recorder's folder; the upload spool is on the same disk).</summary>
    public string Folder { get; set; } = "";

    /// <summary>Below this many bytes free new footage is refused; 0 turns the guard off.</summary>
    public long MinimumFreeBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Footage is allowed again from this many bytes free (at least the minimum): room to grow before the next refusal.</summary>
    public long ResumeFreeBytes { get; set; } = 1536L * 1024 * 1024;

    /// <summary>How often free space is measured.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
