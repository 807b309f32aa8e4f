using System.Diagnostics;

namespace CameraBeheer.Grains;

/// <summary>
/// For the tests only: with <c>CAMERABEHEER_TEST_CRASH_BEFORE_ALERT</c> set to a rule id, the process kills itself the
/// moment a grain is about to hand an alert of that rule to the control room, after the causing event was stored and
/// acknowledged: the point where an alert used to be lost. Unset (always, outside the tests) it does nothing.
/// </summary>
internal static class AlertCrashHook
{
    public const string Variable = "CAMERABEHEER_TEST_CRASH_BEFORE_ALERT";

    private static readonly string? Rule = Environment.GetEnvironmentVariable(Variable);

    public static void BeforeRaising(AlertSignal signal)
    {
        if (Rule is null || !string.Equals(Rule, signal.RuleId, StringComparison.Ordinal)) return;
        Console.Error.WriteLine($"{Variable}: killing the process before raising rule {signal.RuleId} at {signal.Place}");
        Process.GetCurrentProcess().Kill(); // SIGKILL: nothing is flushed or deactivated, as after a power loss
    }
}
