namespace CameraBeheer.Grains.Watching;

/// <summary>What a watch stream's writer gets next: a change, a keepalive, or the request to catch up with the grain.</summary>
public enum WatchItemKind
{
    Change,
    Keepalive,

    /// <summary>The subscription was renewed: compare with the grain's current list and send whatever was missed.</summary>
    CatchUp,
}

/// <summary>One item of a <see cref="WatchFeed{T}"/>; <see cref="Change"/> is set for <see cref="WatchItemKind.Change"/> only.</summary>
public readonly record struct WatchItem<T>(WatchItemKind Kind, T? Change);
