namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>The steps of a police request as the CLI users take them, for the end-to-end tests.</summary>
public sealed class FootageRequestSteps(HostProcess host)
{
    public const string SiteId = "domus-almere-poort";
    public const string Officer = "Agent Jansen";
    public const string Manager = "Marieke de Vries";

    /// <summary>An hour boundary 1 to 2 hours ago, so a window around it crosses an hour folder and lies in the past.</summary>
    public static DateTimeOffset PastHourBoundary()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
    }

    public async Task<(int ExitCode, string Out, string Err)> CliAsync(string role, string name, params string[] args)
    {
        var all = new List<string> { "--server", host.GrpcUrl.ToString(), "--token", host.Token(role, name) };
        all.AddRange(args);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.CliApp.RunAsync([.. all], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary><c>footage request</c> as the officer; returns the id printed on the first line.</summary>
    public async Task<string> RequestAsync(string cameras, DateTimeOffset from, DateTimeOffset to, string basis = "126nd", params string[] more)
    {
        var (code, output, error) = await CliAsync("police", Officer, ["footage", "request", "--case", "PL0900-2026123456", "--basis", basis,
            "--cameras", cameras, "--from", Rfc3339(from), "--to", Rfc3339(to), "--reason", "Mishandeling bij de poort", .. more]);
        Assert.True(code == 0, error);
        var id = output.Split('\n')[0].Trim();
        Assert.Matches("^fr-[0-9]{4}-[0-9a-f]{12}$", id);
        return id;
    }

    public async Task ApproveAsync(string id)
    {
        var (code, _, error) = await CliAsync("manager", Manager, "footage", "approve", id, "--reason", "Vordering 126nd in orde, proportioneel");
        Assert.True(code == 0, error);
    }

    public async Task<FootageRequestInfo> WaitForStateAsync(string id, string state, TimeSpan? timeout = null)
    {
        using var client = host.Client("manager", Manager);
        var request = await Eventually.GetAsync(
            () => client.FootageRequests.GetAsync(new FootageRequestRef { Id = id }).ResponseAsync,
            r => r.State == state || r.State == "failed", $"request {id} to be {state}", timeout ?? TimeSpan.FromSeconds(90));
        return request.State == state ? request : throw new InvalidOperationException($"request {id} failed instead of becoming {state}: {request.FailureReason}");
    }

    /// <summary>Requests, approves and waits for the package; returns the id.</summary>
    public async Task<string> ReadyAsync(string cameras, DateTimeOffset from, DateTimeOffset to)
    {
        var id = await RequestAsync(cameras, from, to);
        await ApproveAsync(id);
        await WaitForStateAsync(id, "ready");
        return id;
    }

    public async Task<string> DownloadAsync(string id, string? folder = null)
    {
        folder ??= TestPaths.NewFolder("evidence");
        var (code, _, error) = await CliAsync("police", Officer, "footage", "download", id, "--out", folder);
        Assert.True(code == 0, error);
        return folder;
    }

    public static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
