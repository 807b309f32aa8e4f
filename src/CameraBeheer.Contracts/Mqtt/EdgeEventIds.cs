using System.Globalization;
using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Contracts.Mqtt;

/// <summary>
/// The event ids of contract v1: how the edge makes them, and the rule both the edge and the backend's decoder hold them
/// to: at most 64 characters, no '/', '+', '#', '\', spaces, control characters or "..". The backend recognises a resent
/// event by camera (or gate) and id, so an id names the event itself, never the attempt to send it.
/// </summary>
public static class EdgeEventIds
{
    public const int MaxLength = 64;

    /// <summary>UTC with milliseconds, digits only: <c>20261122T100002123Z</c>.</summary>
    public const string StampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>A segment is named by its start: <c>s-20261122T100002123Z</c>. One camera records one segment at a time.</summary>
    public static string Segment(DateTimeOffset start) => "s-" + Stamp(start);

    /// <summary>A motion event: <c>m-20261122T100002123Z-0</c>, numbered among the camera's events of that millisecond.</summary>
    public static string Motion(DateTimeOffset ts, int sequence) => string.Create(CultureInfo.InvariantCulture, $"m-{Stamp(ts)}-{sequence}");

    /// <summary>A gate event: <c>g-20261122T100002123Z-opened-0</c>, numbered among the gate's lines with that time and kind.</summary>
    public static string Gate(DateTimeOffset ts, string kind, int sequence) => string.Create(CultureInfo.InvariantCulture, $"g-{Stamp(ts)}-{kind}-{sequence}");

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="id"/> obeys contract v1's rule for event ids.</summary>
    public static bool IsValid(string? id) => !string.IsNullOrEmpty(id) && Problem(id) is null;

    /// <summary>What is wrong with a present id, in words for a dead letter (the field is named by the caller); null when it obeys the rule.</summary>
    public static string? Problem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length > MaxLength) return $"{id.Length} characters; at most {MaxLength}";
        foreach (var c in id)
        {
            if (char.IsControl(c) || c is '/' or '+' or '#' or '\\' || char.IsWhiteSpace(c))
                return $"'{Printable.Excerpt(id, 64)}' contains '{Printable.Excerpt(c.ToString(), 4)}'; ids may not contain '/', '+', '#', '\\', spaces or control characters";
        }
        return id.Contains("..", StringComparison.Ordinal) ? "ids may not contain '..'" : null;
    }
}
