using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary><c>camerabeheer agents …</c> against the real host: the secret shown once, clear refusals, the Mosquitto files.</summary>
public sealed class AgentCommandsEndToEndTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Add_prints_the_secret_once_and_list_never_shows_it()
    {
        await UtcDay.AvoidMidnightAsync();
        var (exit, output, error) = await fixture.CliAsync("admin", "agents", "add", "gatehouse", "--cameras", "cam-01,cam-02", "--gates", "hoofdingang");
        Assert.True(exit == 0, error);
        var secret = Assert.Single(output.Split('\n'), l => l.StartsWith("secret: ", StringComparison.Ordinal))["secret: ".Length..].TrimEnd('\r');
        Assert.Equal(43, secret.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", secret);
        Assert.Contains("added edge agent gatehouse: 2 cameras, 1 gate", output);

        var (listExit, list, _) = await fixture.CliAsync("admin", "agents", "list");
        Assert.Equal(0, listExit);
        Assert.Matches(@"(?m)^gatehouse +active +unknown +never +cam-01,cam-02 +hoofdingang ", list);
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain("$7$", list);

        // Recorded before it took effect, with who asked; the secret is nowhere in the log.
        var day = DateTimeOffset.UtcNow;
        var audit = await File.ReadAllLinesAsync(Path.Combine(fixture.Host.DataDirectory, "audit", "domus-almere-poort", $"{day:yyyy}", $"{day:MM}", $"{day:dd}.jsonl"));
        var entries = audit.Where(l => l.Contains("\"EdgeAgents/Add\"", StringComparison.Ordinal) && l.Contains("edge-agents/gatehouse", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains("\"requested\"", entries[0]);
        Assert.Contains("\"ok\"", entries[1]);
        Assert.DoesNotContain(audit, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("invalid argument: ", "name:", "Gate-House", "--cameras", "cam-01")]
    [InlineData("invalid argument: ", "cameras:", "cams-bad", "--cameras", "cam-01,cam 02")]
    [InlineData("invalid argument: ", "cameras: 'cam-99' is not a camera of this site", "cams-unknown", "--cameras", "cam-99")]
    [InlineData("invalid argument: ", "gates: 'achterdeur' is not a gate of this site", "gates-unknown", "--gates", "achterdeur")]
    [InlineData("invalid argument: ", "cameras: give at least one camera or gate", "nothing-at-all")]
    public async Task Bad_names_cameras_and_gates_are_refused_naming_the_field(string code, string message, params string[] args)
    {
        var (exit, _, error) = await fixture.CliAsync("admin", ["agents", "add", .. args]);
        Assert.NotEqual(0, exit);
        Assert.Contains(code, error);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task A_name_is_given_out_once_also_after_a_revoke()
    {
        Assert.Equal(0, (await fixture.CliAsync("admin", "agents", "add", "twice", "--cameras", "cam-03")).ExitCode);
        var (exit, _, error) = await fixture.CliAsync("admin", "agents", "add", "twice", "--cameras", "cam-04");
        Assert.NotEqual(0, exit);
        Assert.Contains("already exists: name:", error);
        Assert.Equal(0, (await fixture.CliAsync("admin", "agents", "revoke", "twice")).ExitCode);
        Assert.Contains("already exists: name:", (await fixture.CliAsync("admin", "agents", "add", "twice", "--cameras", "cam-04")).Err);
    }

    [Fact]
    public async Task Only_an_admin_manages_agents()
    {
        var (exit, _, error) = await fixture.CliAsync("manager", "agents", "list");
        Assert.NotEqual(0, exit);
        Assert.Contains("permission denied: EdgeAgents/List needs the role admin", error);
    }

    [Fact]
    public async Task Export_writes_a_password_file_and_an_acl_without_revoked_agents()
    {
        Assert.Equal(0, (await fixture.CliAsync("admin", "agents", "add", "export-kept", "--cameras", "cam-05", "--gates", "hoofdingang")).ExitCode);
        Assert.Equal(0, (await fixture.CliAsync("admin", "agents", "add", "export-gone", "--cameras", "cam-06")).ExitCode);
        Assert.Equal(0, (await fixture.CliAsync("admin", "agents", "revoke", "export-gone")).ExitCode);
        var folder = TestPaths.NewFolder("export");

        var (exit, output, error) = await fixture.CliAsync("admin", "agents", "export-mosquitto", "--out", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("passwd has no line for the backend user camerabeheer-backend", output);
        var passwd = await File.ReadAllLinesAsync(Path.Combine(folder, "passwd"));
        var kept = Assert.Single(passwd, l => l.StartsWith("export-kept:", StringComparison.Ordinal));
        Assert.True(MosquittoPasswordHash.IsWellFormed(kept["export-kept:".Length..]));
        Assert.DoesNotContain(passwd, l => l.StartsWith("export-gone:", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "passwd")));

        var acl = await File.ReadAllTextAsync(Path.Combine(folder, "acl"));
        Assert.Contains(
            "user export-kept\n" +
            "topic write camerabeheer/v1/domus-almere-poort/camera/cam-05/motion\n" +
            "topic write camerabeheer/v1/domus-almere-poort/camera/cam-05/segment\n" +
            "topic write camerabeheer/v1/domus-almere-poort/camera/cam-05/status\n" +
            "topic write camerabeheer/v1/domus-almere-poort/gate/hoofdingang/event\n" +
            "topic write camerabeheer/edge/domus-almere-poort/export-kept/status\n" +
            "topic write camerabeheer/edge/domus-almere-poort/export-kept/receipt\n", acl);
        Assert.DoesNotContain("export-gone", acl);
        Assert.Contains("user camerabeheer-backend\ntopic read camerabeheer/v1/#\n", acl);
    }
}
