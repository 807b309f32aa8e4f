namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the CLI in-process against a host, as a user would type it.</summary>
public sealed class CliRunner(HostProcess host)
{
    public async Task<(int ExitCode, string Out, string Err)> RunAsync(string? role, params string[] args)
    {
        var all = new List<string> { "--server", host.GrpcUrl.ToString() };
        if (role is not null) all.AddRange(["--token", host.Token(role)]);
        all.AddRange(args);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. all], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
