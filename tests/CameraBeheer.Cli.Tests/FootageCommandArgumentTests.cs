namespace CameraBeheer.Cli.Tests;

/// <summary>Bad arguments to the footage commands are refused before any call, naming the option; verify works offline.</summary>
public sealed class FootageCommandArgumentTests
{
    private static readonly string[] Request =
        [.. Cli.Offline, "footage", "request", "--case", "PL-2026-1", "--basis", "126nd",
         "--from", "-2h", "--to", "-1h", "--reason", "r"];

    [Fact]
    public async Task A_request_names_cameras_or_a_zone()
    {
        var neither = await Cli.RunAsync(Request);
        var both = await Cli.RunAsync([.. Request, "--cameras", "cam-02", "--zone", "terrein"]);

        foreach (var run in new[] { neither, both })
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("name the footage with either --cameras or --zone", run.Error);
        }
    }

    [Theory]
    [InlineData("--cameras", "cam-02,../../x", "--cameras")]
    [InlineData("--cameras", ",", "--cameras")]
    [InlineData("--zone", "Terrein", "--zone")]
    [InlineData("--from", "yesterday-ish", "--from")]
    [InlineData("--expires", "soon", "--expires")]
    public async Task A_bad_value_is_refused_naming_the_option(string option, string value, string named)
    {
        string[] args = option is "--cameras" or "--zone" ? [.. Request, option, value] : [.. Request, "--cameras", "cam-02", option, value];
        if (option == "--from") args = [.. Request.Select(a => a == "-2h" ? value : a), "--cameras", "cam-02"];

        var run = await Cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error);
        Assert.DoesNotContain("cannot reach", run.Error); // refused before any call
    }

    [Theory]
    [InlineData("status")]
    [InlineData("approve")]
    [InlineData("download")]
    public async Task A_request_id_must_be_a_footage_request_id(string command)
    {
        string[] extra = command switch { "approve" => ["--reason", "r"], "download" => ["--out", "x"], _ => [] };

        var run = await Cli.RunAsync([.. Cli.Offline, "footage", command, "hold-2026-0a1b2c3d4e5f", .. extra]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a footage request id", run.Error);
    }

    [Fact]
    public async Task Approving_without_a_reason_is_a_usage_error()
    {
        var run = await Cli.RunAsync("--token", "t.t.t", "footage", "approve", "fr-2026-0a1b2c3d4e5f");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--reason", run.Error);
    }

    [Fact]
    public async Task Verify_of_a_folder_that_does_not_exist_is_a_usage_error()
    {
        var run = await Cli.RunAsync("footage", "verify", "/nonexistent/evidence");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a folder", run.Error);
    }

    [Fact]
    public async Task Verify_with_a_key_file_that_is_not_a_key_is_a_usage_error()
    {
        var folder = Directory.CreateTempSubdirectory("evidence-").FullName;
        var key = Path.Combine(folder, "not-a-key.pem");
        await File.WriteAllTextAsync(key, "hello", TestContext.Current.CancellationToken);
        try
        {
            var run = await Cli.RunAsync("footage", "verify", folder, "--key", key);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("--key:", run.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_of_an_empty_folder_says_it_is_not_an_intact_package()
    {
        var folder = Directory.CreateTempSubdirectory("evidence-").FullName;
        try
        {
            var run = await Cli.RunAsync("footage", "verify", folder);

            Assert.Equal(3, run.ExitCode);
            Assert.Contains("tampered: SHA256SUMS", run.Out);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
