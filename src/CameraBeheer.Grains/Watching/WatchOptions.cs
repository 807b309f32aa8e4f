namespace CameraBeheer.Grains.Watching;

/// <summary>The timing of a live watch stream (configuration section <c>Watch</c>).</summary>
public sealed class WatchOptions
{
    public const string Section = "Watch";

    /// <summary>How often an idle stream carries a keepalive, so a client can tell a quiet stream from a dead one.</summary>
    public TimeSpan KeepaliveEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the subscription is renewed (and the stream checked against the grain for anything missed).</summary>
    public TimeSpan RenewEvery { get; set; } = Abstractions.AlertWatching.RenewEvery;

    /// <summary>
    /// How long renewing may keep failing before the stream is ended with UNAVAILABLE: by then the grain has dropped the
    /// subscription, and a stream that stays open would only pretend to deliver.
    /// </summary>
    public TimeSpan GiveUpAfter { get; set; } = Abstractions.AlertWatching.SubscriptionLifetime - Abstractions.AlertWatching.RenewEvery;

    /// <summary>Changes a stream may fall behind before it is ended.</summary>
    public int Buffer { get; set; } = 1000;
}
