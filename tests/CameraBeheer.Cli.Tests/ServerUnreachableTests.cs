namespace CameraBeheer.Cli.Tests;

public sealed class ServerUnreachableTests
{
    [Fact]
    public async Task Status_against_a_closed_port_says_it_cannot_reach_the_server_in_one_line()
    {
        // Port 1 (tcpmux) has no listener on a test machine: the connection is refused at once.
        var run = await Cli.RunAsync("status", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: cannot reach server http://127.0.0.1:1", line);
        Assert.DoesNotContain("Exception", run.Error);
        Assert.Equal("", run.Out);
    }
}
