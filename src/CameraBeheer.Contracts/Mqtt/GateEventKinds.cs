namespace CameraBeheer.Contracts.Mqtt;

/// <summary>
/// The kinds of gate event in contract v1 (<c>…/gate/{gate}/event</c>, field <c>kind</c>), the same words as the gate
/// controller's line protocol: the edge passes the controller's word on unchanged, the backend accepts only these.
/// </summary>
public static class GateEventKinds
{
    public const string Opened = "opened";
    public const string Closed = "closed";
    public const string Forced = "forced";
    public const string HeldOpen = "held-open";
    public const string Badge = "badge";
    public const string Intercom = "intercom";

    /// <summary>Every kind, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> All = [Opened, Closed, Forced, HeldOpen, Badge, Intercom];

    public static bool IsKnown(string? kind) => kind is Opened or Closed or Forced or HeldOpen or Badge or Intercom;

    /// <summary>What an event says about the gate: open (true), closed (false), or nothing (null: a badge or an intercom call).</summary>
    public static bool? SaysOpen(string kind) => kind switch
    {
        Opened or Forced or HeldOpen => true,
        Closed => false,
        _ => null,
    };

    /// <summary>"opened, closed, forced, held-open, badge, intercom", for messages.</summary>
    public static string List => string.Join(", ", All);
}
