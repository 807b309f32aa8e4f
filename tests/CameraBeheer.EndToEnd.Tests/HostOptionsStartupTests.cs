namespace CameraBeheer.EndToEnd.Tests;

/// <summary>Options checked at start (ValidateOnStart): a bad value stops the real host with one line naming the key, exit code 2, before the export signing key is made or anything listens.</summary>
public sealed class HostOptionsStartupTests
{
    [Theory]
    [InlineData("CAMERABEHEER_Limits__MaxRequestBytes", "10", "error: Limits:MaxRequestBytes 10 is too small (at least 1024)")]
    [InlineData("CAMERABEHEER_Limits__ExpensiveCalls__PermitLimit", "0", "error: Limits:ExpensiveCalls:PermitLimit must be at least 1, not 0")]
    [InlineData("CAMERABEHEER_Auth__Lockout__MaxFailedAttempts", "0", "error: Auth:Lockout: MaxFailedAttempts must be at least 1 and Duration more than zero")]
    [InlineData("CAMERABEHEER_Watch__Buffer", "0", "error: Watch: KeepaliveEvery, RenewEvery and GiveUpAfter must be positive times")]
    [InlineData("CAMERABEHEER_Cluster__WakeUpInterval", "00:00:10", "error: Cluster:WakeUpInterval is 00:00:10, shorter than a reminder may be (00:01:00)")]
    [InlineData("CAMERABEHEER_Retention__SweepInterval", "00:00:30", "error: Retention:SweepInterval is 00:00:30, shorter than a reminder may be (00:01:00)")]
    [InlineData("CAMERABEHEER_Ingest__MaxFlushInterval", "00:00:00.001", "error: Ingest:MaxFlushInterval must be at least Ingest:FlushInterval (00:00:00.0030000) and at most 00:00:01, not 00:00:00.0010000")]
    public async Task A_bad_option_stops_the_start_with_one_line_before_anything_is_made(string variable, string value, string expected)
    {
        var (line, folder) = await RefusedStart.ErrorLineAsync("host-badoption", [], new() { [variable] = value });
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        // Checked before the export signing key is made (and so before anything listens).
        Assert.False(File.Exists(Path.Combine(folder, "keys", "export-signing-key.pem")), "a refused start made the export signing key");
    }
}
