using System.Globalization;

namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The event ids the edge gives, and the rule of contract v1 they obey: at most 64 characters, no '/', '+', '#', '\',
/// spaces, control characters or "..". The backend recognises a resent event by camera (or gate) and id, so an id
/// names the event itself, never the attempt to send it.
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
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || id.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '/' or '+' or '#' or '\\')
            {
                return false;
            }
        }

        return true;
    }
}
