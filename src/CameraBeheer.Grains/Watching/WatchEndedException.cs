namespace CameraBeheer.Grains.Watching;

/// <summary>Why a watch stream cannot go on; <see cref="FellBehind"/> tells a slow reader from a grain that cannot be reached.</summary>
public sealed class WatchEndedException : Exception
{
    public WatchEndedException() { }

    public WatchEndedException(string message) : base(message) { }

    public WatchEndedException(string message, Exception inner) : base(message, inner) { }

    public WatchEndedException(string message, bool fellBehind) : base(message) => FellBehind = fellBehind;

    /// <summary>True when the reader fell too far behind; false when the subscription could not be kept.</summary>
    public bool FellBehind { get; }
}
