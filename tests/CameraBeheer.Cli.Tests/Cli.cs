using CameraBeheer.Cli;
using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>Runs the CLI in-process with an empty environment, a fixed clock and, optionally, a fake server.</summary>
public static class Cli
{
    /// <summary>A winter moment: Amsterdam is at +01:00.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A token and a server that nothing answers at: what is refused before any call shows, anything else ends in "cannot reach".</summary>
    public static readonly string[] Offline = ["--token", "t.t.t", "--server", "http://127.0.0.1:1"];

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(server: null, environment: null, args);

    public static async Task<CliRun> RunAsync(HttpMessageHandler? server, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var settings = new CliSettings(
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            new FakeTimeProvider(Now),
            server);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, settings, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
