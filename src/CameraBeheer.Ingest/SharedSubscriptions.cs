namespace CameraBeheer.Ingest;

/// <summary>
/// The backend subscribes to Mosquitto with MQTT 5 shared subscriptions (<c>$share/camerabeheer/…</c>): every silo
/// joins the same group, and the broker hands each message to one of them, so the load spreads and each message is
/// taken in once across the cluster. One node is simply a group of one.
/// </summary>
public static class SharedSubscriptions
{
    public const string Group = "camerabeheer";

    /// <summary>The shared form of <paramref name="filter"/>.</summary>
    public static string Of(string filter) => $"$share/{Group}/{filter}";
}
