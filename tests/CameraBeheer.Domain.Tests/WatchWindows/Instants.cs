namespace CameraBeheer.Domain.Tests.WatchWindows;

/// <summary>Instants for watch window tests: UTC as written, or an ordinary Amsterdam wall-clock time converted to UTC.</summary>
internal static class Instants
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>A local time in Amsterdam as UTC; only for times that exist exactly once (not 02:00–03:00 on a DST Sunday).</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0, int second = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        if (Amsterdam.IsInvalidTime(local) || Amsterdam.IsAmbiguousTime(local))
            throw new ArgumentException($"{local:yyyy-MM-dd HH:mm:ss} is not a single instant in Amsterdam; write the UTC instant instead");
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Amsterdam), TimeSpan.Zero);
    }
}
