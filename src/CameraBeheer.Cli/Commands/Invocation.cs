using System.CommandLine;
using CameraBeheer.Cli.Input;
using CameraBeheer.Cli.Output;
using CameraBeheer.Cli.Sessions;

namespace CameraBeheer.Cli.Commands;

/// <summary>One run of a command: resolves the global options and remembers the server for error messages.</summary>
internal sealed class Invocation(ParseResult parse, CliContext context, GlobalOptions global)
{
    /// <summary>Calls that answer at once get a deadline, so a server that accepts but never answers cannot hang a script.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public ParseResult Parse { get; } = parse;

    public CliContext Context { get; } = context;

    /// <summary>The server this run talks to, once known.</summary>
    public Uri? Server { get; private set; }

    public Display Display => new(Parse.GetValue(global.Utc));

    public static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    /// <summary>Connects with the token required; fails with a usage error naming --token when there is none.</summary>
    public CameraBeheerClient Connect() => Connect(RequireToken());

    /// <summary>Connects with the token if one was given (for calls such as the health check that need none).</summary>
    public CameraBeheerClient ConnectOptionalToken(out bool hasToken)
    {
        var server = ResolveServer();
        var token = HasToken() ? RequireToken() : null;
        hasToken = token is not null;
        return Open(server, token);
    }

    /// <summary>Connects without any token (for signing in).</summary>
    public CameraBeheerClient ConnectAnonymous() => Open(ResolveServer(), null);

    /// <summary>The server this run talks to: --server, else CAMERABEHEER_SERVER, else the stored session's, else the default.</summary>
    public Uri ResolvedServer => ResolveServer();

    /// <summary>Where <c>login</c> keeps the session; null when the surroundings give no config folder.</summary>
    public SessionStore? Sessions => Context.Settings.ConfigDirectory is { } folder ? new SessionStore(folder) : null;

    private CameraBeheerClient Connect(string token) => Open(ResolveServer(), token);

    /// <summary>Checked before any connection is made: a refused token never leaves this machine.</summary>
    private CameraBeheerClient Open(Uri server, string? token)
    {
        if (token is not null && TokenTransport.Problem(server) is { } problem) throw new UsageException(problem);
        var fromOption = Parse.GetValue(global.CaFile);
        var trust = fromOption is not null
            ? CaFile.Load(fromOption, "--ca-file")
            : CaFile.Load(Context.Settings.GetEnvironmentVariable(CaFile.EnvironmentVariable), CaFile.EnvironmentVariable);
        return new CameraBeheerClient(server, token, Context.Settings.HttpHandler, trust);
    }

    private StoredSession? _session;
    private bool _sessionRead;

    /// <summary>The session of <c>camerabeheer login</c>, if one is stored.</summary>
    public StoredSession? StoredSession()
    {
        if (!_sessionRead) (_session, _sessionRead) = (Sessions?.Read(), true);
        return _session;
    }

    /// <summary>The stored session when it is for this run's server: its token is never sent anywhere else.</summary>
    private StoredSession? SessionForServer() =>
        StoredSession() is { } s && ServerAddress.Show(new Uri(s.Server)) == ServerAddress.Show(ResolveServer()) ? s : null;

    private Uri ResolveServer()
    {
        if (Server is not null) return Server;
        var fromOption = Parse.GetValue(global.Server);
        var fromEnvironment = Context.Settings.GetEnvironmentVariable(GlobalOptions.ServerVariable);
        Server = fromOption is not null ? ServerAddress.Parse(fromOption, "--server")
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? ServerAddress.Parse(fromEnvironment, GlobalOptions.ServerVariable)
            : StoredSession() is { } session ? new Uri(session.Server)
            : new Uri(ServerAddress.Default);
        return Server;
    }

    private bool HasToken() =>
        Parse.GetValue(global.Token) is not null || !string.IsNullOrWhiteSpace(Context.Settings.GetEnvironmentVariable(BearerToken.EnvironmentVariable))
        || SessionForServer() is not null;

    /// <summary>True when a token was given or a session for this server is stored.</summary>
    public bool HasAnyToken() => HasToken();

    private string RequireToken()
    {
        // Resolve the server first: a wrong address is the more basic mistake to report.
        ResolveServer();
        var fromOption = Parse.GetValue(global.Token);
        if (fromOption is not null) return BearerToken.Require(fromOption, "--token");
        var fromEnvironment = Context.Settings.GetEnvironmentVariable(BearerToken.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(fromEnvironment) && SessionForServer() is { } session)
        {
            if (session.ExpiresAt <= Context.Now) throw new InvalidOperationException("session expired: run camerabeheer login");
            return BearerToken.Require(session.Token, Sessions!.FilePath);
        }
        return BearerToken.Require(fromEnvironment, BearerToken.EnvironmentVariable);
    }
}
