namespace CameraBeheer.Cli.Tests;

/// <summary>Hostile or mistaken command lines: one clear line, non-zero exit, and no call to the server.</summary>
public sealed class CommandArgumentTests
{
    private static readonly Dictionary<string, string> WithToken = new() { ["CAMERABEHEER_TOKEN"] = "eyJ.test.token" };

    private static async Task<CliRun> RunRefusedAsync(params string[] args)
    {
        var server = new FakeGrpcServer();
        var run = await Cli.RunAsync(server, WithToken, args);

        Assert.Empty(server.Calls);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.DoesNotContain("   at ", run.Error);
        return run;
    }

    [Theory]
    [InlineData("cam-01")]
    [InlineData("../etc/cam-01")]
    [InlineData("SITE/CAM#1")]
    [InlineData("site/cam/extra")]
    [InlineData("site/")]
    [InlineData("/cam-01")]
    [InlineData("site/-cam")]
    [InlineData("site/cam-01\n")]
    public async Task Camera_must_be_site_slash_camera_with_valid_ids(string camera)
    {
        var run = await RunRefusedAsync("cameras", "show", camera);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: camera:", line);
        Assert.Contains("SITE/CAMERA", line);
    }

    [Fact]
    public async Task Site_of_cameras_list_must_be_a_valid_id()
    {
        var run = await RunRefusedAsync("cameras", "list", "../..");

        Assert.Contains("SITE", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("2026-11-22T25:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("-1y")]
    public async Task Events_from_must_be_a_time(string from)
    {
        var run = await RunRefusedAsync("cameras", "events", "x/y", "--from", from);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: --from:", line);
        Assert.Contains("RFC 3339", line);
    }

    [Theory]
    [InlineData("-30m", "-1h")]
    [InlineData("2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z")]
    [InlineData("now", "-1m")]
    public async Task Events_from_must_be_before_to(string from, string to)
    {
        var run = await RunRefusedAsync("cameras", "events", "x/y", "--from", from, "--to", to);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("must be before --to", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Events_from_in_the_skipped_summer_time_hour_is_refused()
    {
        var run = await RunRefusedAsync("cameras", "events", "x/y", "--from", "2026-03-29 02:30", "--to", "2026-03-29 04:00");

        Assert.Contains("does not exist", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Audit_day_must_be_a_date()
    {
        var run = await RunRefusedAsync("audit", "verify", "--day", "22-11-2026");

        Assert.Contains("yyyy-MM-dd", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Missing_token_names_the_option_and_the_environment_variable()
    {
        var server = new FakeGrpcServer();
        var run = await Cli.RunAsync(server, environment: null, "cameras", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(server.Calls);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("--token", line);
        Assert.Contains("CAMERABEHEER_TOKEN", line);
    }

    [Fact]
    public async Task Token_with_a_line_break_is_refused_before_it_reaches_a_header()
    {
        var run = await RunRefusedAsync("cameras", "list", "--token", "abc\r\nX-Evil: 1");

        Assert.Contains("--token", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("not-a-url")]
    [InlineData("ftp://127.0.0.1:5080")]
    [InlineData("http://user:secret@127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080/some/path")]
    [InlineData("")]
    public async Task Server_must_be_an_http_address(string server)
    {
        var run = await RunRefusedAsync("status", "--server", server);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --server:", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Bad_server_from_the_environment_names_the_variable()
    {
        var server = new FakeGrpcServer();
        var run = await Cli.RunAsync(server, new Dictionary<string, string> { ["CAMERABEHEER_SERVER"] = "127.0.0.1:5080" }, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: CAMERABEHEER_SERVER:", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("cameras", "frobnicate")]
    [InlineData("cameras", "show")]
    [InlineData("--no-such-option")]
    public async Task Unknown_or_incomplete_commands_exit_with_a_usage_error(params string[] args)
    {
        var run = await Cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEqual("", run.Error);
    }

    [Fact]
    public async Task No_command_at_all_is_a_usage_error()
    {
        var run = await Cli.RunAsync();

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        var run = await Cli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("cameras", run.Out);
    }
}
