using System.Globalization;

namespace CameraBeheer.Cli.Input;

/// <summary>A time as staff say it at the desk: <c>18:00</c> (today, Amsterdam time), or any form of <see cref="TimeArgument"/>.</summary>
internal static class ClockTime
{
    public static DateTimeOffset Parse(string? text, string option, DateTimeOffset now, TimeZoneInfo zone)
    {
        var value = (text ?? "").Trim();
        if (TimeOnly.TryParseExact(value, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            return TimeArgument.Parse(today.ToDateTime(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), option, now, zone, latestIfAmbiguous: true);
        }
        return TimeArgument.Parse(value, option, now, zone, latestIfAmbiguous: true);
    }
}
