using System.Globalization;

namespace CameraBeheer.Host.Limits;

/// <summary>
/// The <c>grpc-timeout</c> request header (gRPC over HTTP/2: at most 8 digits and a unit H, M, S, m, u or n).
/// Hand-written because Grpc.AspNetCore's own parser is internal; the format is fixed by the protocol.
/// </summary>
public static class GrpcTimeout
{
    public const string Header = "grpc-timeout";

    private const long MaxValue = 99_999_999;

    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = TimeSpan.Zero;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9) return false;
        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) return false;
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null) return false;
        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>The header value for <paramref name="timeout"/>, in the finest unit that fits in 8 digits (rounded down, at least 1 ms).</summary>
    public static string Format(TimeSpan timeout)
    {
        var ms = (long)timeout.TotalMilliseconds;
        if (ms <= MaxValue) return $"{Math.Max(ms, 1)}m";
        var seconds = (long)timeout.TotalSeconds;
        if (seconds <= MaxValue) return $"{seconds}S";
        return $"{Math.Min((long)timeout.TotalMinutes, MaxValue)}M";
    }
}
