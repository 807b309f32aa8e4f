using System.Globalization;

namespace CameraBeheer.Storage.Retention;

/// <summary>
/// Where refused MQTT messages are kept: <c>deadletter/{yyyy}/{MM}/{dd}.jsonl</c>, one file per UTC day. They hold
/// payload excerpts (badge ids among them), so the four-week rule applies to them as to footage.
/// </summary>
public static class DeadLetterLayout
{
    public const string Prefix = "deadletter/";
    private const string Extension = ".jsonl";

    public static string DayFile(DateTimeOffset time)
    {
        var t = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{t:yyyy}/{t:MM}/{t:dd}{Extension}");
    }

    /// <summary>The UTC day of a file named exactly <c>{yyyy}/{MM}/{dd}.jsonl</c> under the prefix; false for anything else.</summary>
    public static bool TryDay(string name, out DateTimeOffset day)
    {
        day = default;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal)) return false;
        var parts = name[Prefix.Length..^Extension.Length].Split('/');
        if (parts.Length != 3
            || !FootageLayout.TryYear(parts[0], out var y)
            || !FootageLayout.TryMonth(parts[1], out var m)
            || !FootageLayout.TryDay(parts[2], y, m, out var d))
            return false;
        day = FootageLayout.Start(y, m, d);
        return true;
    }
}
