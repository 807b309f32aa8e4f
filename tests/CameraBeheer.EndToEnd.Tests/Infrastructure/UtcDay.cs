namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Audit files and receipts are per UTC day: a test that reads "today's" file must not run across midnight.</summary>
public static class UtcDay
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(3);

    /// <summary>Waits until just after midnight when the test would otherwise start within a few minutes of it.</summary>
    public static async Task AvoidMidnightAsync()
    {
        var now = DateTime.UtcNow;
        var untilMidnight = now.Date.AddDays(1) - now;
        if (untilMidnight < Margin) await Task.Delay(untilMidnight + TimeSpan.FromSeconds(2));
    }
}
