using CameraBeheer.Cli.Sessions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary>One run of a command: resolves the global options and remembers the server for error messages.</summary>
internal sealed class Invocation(ParseResult parse, CliContext context, GlobalOptions global)
{
    /// <summary>Calls that answer at once get a deadline, so a server that accepts but never answers cannot hang a script.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public ParseResult Parse { get; } = parse;

    public CliContext Context { get; } = context;

    /// <summary>The server this run talks to, once known (of several, the first).</summary>
    public Uri? Server { get; private set; }

    /// <summary>Every server this run may talk to: <c>--server</c> or <c>CAMERABEHEER_SERVER</c> may name several.</summary>
    public IReadOnlyList<Uri> Servers { get; private set; } = [];

    /// <summary>How an error names where it could not get: the server, or of several all of them.</summary>
    public string? ServersShown => Servers.Count > 1 ? string.Join(", ", Servers.Select(ServerAddress.Show)) : Server is null ? null : ServerAddress.Show(Server);

    public Display Display => new(Parse.GetValue(global.Utc));

    public static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    /// <summary>The options of a call that answers at once: <see cref="CallTimeout"/> from now, cancelled with the command.</summary>
    public static CallOptions WithCallTimeout(CancellationToken cancellationToken) => WithTimeout(CallTimeout, cancellationToken);

    private static CallOptions WithTimeout(TimeSpan timeout, CancellationToken cancellationToken) =>
        new(deadline: Deadline(timeout), cancellationToken: cancellationToken);

    /// <summary>The step most commands are: connect with the token required, make one call that answers at once, close.</summary>
    public Task<TReply> CallAsync<TReply>(Func<CameraBeheerClient, CallOptions, AsyncUnaryCall<TReply>> call, CancellationToken cancellationToken) =>
        CallAsync(call, CallTimeout, cancellationToken);

    /// <summary>As <see cref="CallAsync{TReply}(Func{CameraBeheerClient, CallOptions, AsyncUnaryCall{TReply}}, CancellationToken)"/>, for a call known to take longer.</summary>
    public async Task<TReply> CallAsync<TReply>(Func<CameraBeheerClient, CallOptions, AsyncUnaryCall<TReply>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = Connect();
        return await call(client, WithTimeout(timeout, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The site of <c>--site</c>, checked; empty for the server's own site.</summary>
    public string SiteOf(Option<string?> site) => Parse.GetValue(site) is { } s ? Ids.Require(s, "--site") : "";

    /// <summary>A time option (<see cref="TimeArgument.Forms"/>) as a timestamp; an hour that occurs twice is read as its later one when <paramref name="latest"/>.</summary>
    public Timestamp TimeOf(Option<string> option, bool latest) =>
        Timestamp.FromDateTimeOffset(TimeArgument.Parse(Parse.GetValue(option), option.Name, Context.Now, Display.Amsterdam, latestIfAmbiguous: latest));

    /// <summary>Items as a table on stdout, a row each, under their headers.</summary>
    public void WriteTable<T>(IReadOnlyList<string> headers, IEnumerable<T> items, Func<T, IReadOnlyList<string>> row)
    {
        foreach (var line in TextTable.Render(headers, items.Select(row).ToList())) Context.Out.WriteLine(line);
    }

    /// <summary>
    /// A list as a table, or when it is empty the sentence <paramref name="none"/> on stderr: piped output holds rows
    /// only, and an empty list is an answer, not an error.
    /// </summary>
    public int WriteList<T>(IReadOnlyCollection<T> items, string none, IReadOnlyList<string> headers, Func<T, IReadOnlyList<string>> row)
    {
        if (items.Count == 0) Context.Error.WriteLine(none);
        else WriteTable(headers, items, row);
        return ExitCodes.Ok;
    }

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
        // Several servers: each gets the same checks, and calls go to the next one when one cannot be reached.
        if (Servers.Count > 1 && Servers[0] == server)
        {
            foreach (var other in Servers)
                if (token is not null && TokenTransport.Problem(other) is { } otherProblem) throw new UsageException(otherProblem);
            return new CameraBeheerClient(Servers, token, Context.Settings.HttpHandler, trust);
        }
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
    private StoredSession? SessionForServer()
    {
        ResolveServer();
        return StoredSession() is { } s && Servers.Any(server => ServerAddress.Show(new Uri(s.Server)) == ServerAddress.Show(server)) ? s : null;
    }

    private Uri ResolveServer()
    {
        if (Server is not null) return Server;
        var fromOption = Parse.GetValue(global.Server);
        var fromEnvironment = Context.Settings.GetEnvironmentVariable(GlobalOptions.ServerVariable);
        Servers = fromOption is { Length: > 0 } ? ServerAddress.ParseList(fromOption, "--server")
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? ServerAddress.ParseList([fromEnvironment], GlobalOptions.ServerVariable)
            : StoredSession() is { } session ? [new Uri(session.Server)]
            : [new Uri(ServerAddress.Default)];
        Server = Servers[0];
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
