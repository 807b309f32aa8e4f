namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The CLI given several servers (the silos of a cluster) goes on to the next when one cannot be reached.</summary>
public sealed class ServerFailoverTests
{
    [Fact]
    public async Task The_cli_answers_from_the_next_server_when_the_first_refuses_connections()
    {
        await using var host = await HostProcess.StartAsync();
        var nobody = $"http://127.0.0.1:{FreePorts.Next()}";

        // Comma-separated, and the same given twice: both reach the live server after the dead one.
        foreach (var servers in new[] { new[] { "--server", $"{nobody},{host.GrpcUrl}" }, ["--server", nobody, "--server", host.GrpcUrl.ToString()] })
        {
            var (code, output, errors) = await RunAsync([.. servers, "--token", host.Token("operator"), "cameras", "list"]);
            Assert.True(code == 0, errors);
            Assert.Contains("cam-01", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_every_server_unreachable_the_error_names_them_all()
    {
        var (first, second) = ($"http://127.0.0.1:{FreePorts.Next()}", $"http://127.0.0.1:{FreePorts.Next()}");
        var (code, _, errors) = await RunAsync(["--server", $"{first},{second}", "--token", "x.y.z", "cameras", "list"]);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: cannot reach server {first}, {second}", errors, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
