using System.Diagnostics;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>The console's endpoint follows the rule of gRPC: plaintext only on loopback, a bad port stops the start with one line.</summary>
public sealed class WebConsoleStartupTests
{
    [Theory]
    [InlineData("CAMERABEHEER_Web__BindAddress", "0.0.0.0", "error: Web:BindAddress 0.0.0.0 would serve the web console without TLS beyond this machine; plaintext is allowed only on loopback (127.0.0.1)")]
    [InlineData("CAMERABEHEER_Web__Port", "web", "error: Web:Port 'web' is not a port number (0-65535)")]
    public async Task A_console_endpoint_the_rules_forbid_stops_the_start_with_one_line(string variable, string value, string expected)
    {
        var data = RepoPaths.NewFolder("web-start");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var a in new[] { RepoPaths.HostDll, "--data", data, "--grpc-port", "0", "--mqtt-port", "0", "--site-config", RepoPaths.SiteConfig })
            info.ArgumentList.Add(a);
        info.Environment["CAMERABEHEER_Metrics__Port"] = "0"; // parallel hosts would all take the default 9464
        info.Environment[variable] = value;
        using var host = Process.Start(info)!;
        var error = host.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await host.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, host.ExitCode);
        Assert.StartsWith(expected, (await error).Trim());
    }
}
