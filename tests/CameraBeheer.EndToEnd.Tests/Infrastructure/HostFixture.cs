namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>One running host shared by the tests of a class (starting one costs seconds).</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private HostProcess? _host;

    public HostProcess Host => _host ?? throw new InvalidOperationException("the host has not started");

    public async ValueTask InitializeAsync() => _host = await HostProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    /// <summary>Runs the CLI in-process against this host, as a user would type it.</summary>
    public Task<(int ExitCode, string Out, string Err)> CliAsync(string? role, params string[] args) => new CliRunner(Host).RunAsync(role, args);
}
