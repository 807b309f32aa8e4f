namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A host for the accounts tests: the lockout lasts 30 seconds instead of 15 minutes (<c>Auth:Lockout:Duration</c>), so
/// a test can watch an account lock and unlock against the real process without a clock of its own.
/// </summary>
public sealed class AccountsHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan Lockout = TimeSpan.FromSeconds(30);

    private HostProcess? _host;

    public HostProcess Host => _host ?? throw new InvalidOperationException("the host has not started");

    public async ValueTask InitializeAsync() =>
        _host = await HostProcess.StartAsync(environment: new Dictionary<string, string> { ["CAMERABEHEER_Auth__Lockout__Duration"] = Lockout.ToString() });

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

/// <summary>
/// Runs the CLI in-process as one person at their own terminal: their own config folder (where <c>login</c> keeps the
/// session), what they type or pipe in, the server from CAMERABEHEER_SERVER, and no token unless given.
/// </summary>
public sealed class PersonAtTerminal(HostProcess host, string? token = null)
{
    public string ConfigFolder { get; } = Path.Combine(TestPaths.NewFolder("person"), "config", "camerabeheer");

    public string SessionFile => Path.Combine(ConfigFolder, "session.json");

    public async Task<(int ExitCode, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        var settings = new Cli.CliSettings(
            name => name switch
            {
                "CAMERABEHEER_SERVER" => host.GrpcUrl.ToString(),
                "CAMERABEHEER_TOKEN" => token,
                _ => null,
            },
            TimeProvider.System)
        {
            ConfigDirectory = ConfigFolder,
            Input = stdin is null ? null : new StringReader(stdin),
            InputIsRedirected = stdin is not null,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.CliApp.RunAsync(args, stdout, stderr, settings);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
