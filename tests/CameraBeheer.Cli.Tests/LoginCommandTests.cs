using CameraBeheer.Cli;
using CameraBeheer.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Cli.Tests;

/// <summary><c>login</c>, the stored session, and <c>logout</c>, against a fake server and a config folder of the test's own.</summary>
public sealed class LoginCommandTests : IDisposable
{
    private const string Server = "http://127.0.0.1:5080";
    private readonly string _home = Directory.CreateTempSubdirectory("camerabeheer-login-").FullName;
    private readonly FakeTimeProvider _clock = new(Cli.Now);

    private string ConfigFolder => Path.Combine(_home, "camerabeheer");

    private string SessionFile => Path.Combine(ConfigFolder, "session.json");

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<CliRun> RunAsync(FakeGrpcServer server, string? stdin, Func<string, string?>? terminal, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var settings = new CliSettings(name => environment is not null && environment.TryGetValue(name, out var v) ? v : null, _clock, server)
        {
            ConfigDirectory = ConfigFolder,
            Input = stdin is null ? null : new StringReader(stdin),
            InputIsRedirected = stdin is not null,
            ReadSecret = terminal,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, settings, TestContext.Current.CancellationToken);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    private static FakeGrpcServer SignsIn(string token, out List<SignInRequest> requests)
    {
        var seen = new List<SignInRequest>();
        requests = seen;
        return new FakeGrpcServer().On("/camerabeheer.v1.Accounts/SignIn", SignInRequest.Parser, request =>
        {
            seen.Add(request);
            return new SignInReply
            {
                Token = token,
                TokenId = "abc123",
                ExpiresAt = Timestamp.FromDateTimeOffset(Cli.Now.AddHours(8)),
                User = new UserInfo { Login = "jansen", Name = "Operator Jansen", Role = "operator" },
            };
        });
    }

    [Fact]
    public async Task Login_reads_the_password_from_stdin_and_keeps_the_token_owner_only()
    {
        var server = SignsIn("tok.en.1", out var requests);

        var run = await RunAsync(server, "correct horse battery\n", null, null, "login", "--user", "jansen", "--password-stdin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("correct horse battery", Assert.Single(requests).Password);
        Assert.Null(server.Calls.Single().Authorization); // signing in sends no token
        Assert.StartsWith("signed in as jansen (Operator Jansen, operator) at http://127.0.0.1:5080 until ", run.OutLines[0]);
        Assert.Contains("\"token\": \"tok.en.1\"", await File.ReadAllTextAsync(SessionFile, TestContext.Current.CancellationToken));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SessionFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(ConfigFolder));
        }
    }

    [Fact]
    public async Task Login_at_a_terminal_asks_for_the_password_without_putting_it_anywhere_on_screen()
    {
        var server = SignsIn("tok.en.2", out var requests);
        string? prompt = null;

        var run = await RunAsync(server, null, p => { prompt = p; return "typed pass phrase"; }, null, "login", "--user", "jansen");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("password for jansen at http://127.0.0.1:5080: ", prompt);
        Assert.Equal("typed pass phrase", Assert.Single(requests).Password);
        Assert.DoesNotContain("typed pass phrase", run.Out + run.Error);
    }

    [Fact]
    public async Task Without_a_terminal_or_stdin_login_says_to_use_password_stdin()
    {
        var run = await RunAsync(new FakeGrpcServer(), null, null, null, "login", "--user", "jansen");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--password-stdin", run.Error);
    }

    [Fact]
    public async Task Later_commands_send_the_stored_token_when_no_other_is_given()
    {
        await RunAsync(SignsIn("stored.to.ken", out _), "correct horse battery", null, null, "login", "--user", "jansen");
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Cameras/List", new ListCamerasReply());

        await RunAsync(server, null, null, null, "cameras", "list");
        await RunAsync(server, null, null, new Dictionary<string, string> { ["CAMERABEHEER_TOKEN"] = "env.to.ken" }, "cameras", "list");

        Assert.Equal(["Bearer stored.to.ken", "Bearer env.to.ken"], server.Calls.Select(c => c.Authorization));
    }

    [Fact]
    public async Task The_stored_token_is_never_sent_to_another_server()
    {
        await RunAsync(SignsIn("stored.to.ken", out _), "correct horse battery", null, null, "login", "--user", "jansen");
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Cameras/List", new ListCamerasReply());

        var run = await RunAsync(server, null, null, null, "--server", "http://127.0.0.1:6000", "cameras", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("camerabeheer login", run.Error);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task An_expired_session_says_to_log_in_again()
    {
        await RunAsync(SignsIn("stored.to.ken", out _), "correct horse battery", null, null, "login", "--user", "jansen");
        _clock.Advance(TimeSpan.FromHours(8));
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Cameras/List", new ListCamerasReply());

        var run = await RunAsync(server, null, null, null, "cameras", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error: session expired: run camerabeheer login"], run.ErrorLines);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task Logout_revokes_at_the_server_and_deletes_the_session()
    {
        await RunAsync(SignsIn("stored.to.ken", out _), "correct horse battery", null, null, "login", "--user", "jansen");
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Accounts/SignOut", new SignOutReply { TokenId = "abc123" });

        var run = await RunAsync(server, null, null, null, "logout");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(("/camerabeheer.v1.Accounts/SignOut", "Bearer stored.to.ken"), server.Calls.Single());
        Assert.False(File.Exists(SessionFile));
        Assert.Contains("signed out: token abc123 is refused from now on", run.Out);
    }

    [Fact]
    public async Task Logout_deletes_the_session_also_when_the_server_cannot_be_reached()
    {
        await RunAsync(SignsIn("stored.to.ken", out _), "correct horse battery", null, null, "login", "--user", "jansen");
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.Accounts/SignOut", StatusCode.Unavailable, "connection refused");

        var run = await RunAsync(server, null, null, null, "logout");

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(SessionFile));
    }

    [Fact]
    public async Task A_refused_sign_in_stores_nothing()
    {
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.Accounts/SignIn", StatusCode.Unauthenticated, "sign-in refused: wrong login or password");

        var run = await RunAsync(server, "wrong pass phrase", null, null, "login", "--user", "jansen");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: not authenticated: sign-in refused", run.ErrorLines[0]);
        Assert.False(File.Exists(SessionFile));
    }

    [Fact]
    public async Task Users_add_prints_the_generated_password_once_and_sends_none_itself()
    {
        AddUserRequest? sent = null;
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Accounts/AddUser", AddUserRequest.Parser, request =>
        {
            sent = request;
            return new AddUserReply
            {
                User = new UserInfo { Login = "jansen", Name = "Operator Jansen", Role = "operator" },
                GeneratedPassword = "Gen3ratedPassw0rdXyz",
            };
        });

        var run = await RunAsync(server, null, null, new Dictionary<string, string> { ["CAMERABEHEER_TOKEN"] = "admin.to.ken" },
            "users", "add", "--login", "jansen", "--name", "Operator Jansen", "--role", "operator");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", sent!.Password);
        Assert.Equal("added jansen (Operator Jansen, operator)", run.OutLines[0]);
        Assert.Equal("initial password: Gen3ratedPassw0rdXyz", run.OutLines[1]);
    }

    [Fact]
    public async Task Users_add_with_an_unknown_role_is_refused_before_calling()
    {
        var server = new FakeGrpcServer();
        var run = await RunAsync(server, null, null, new Dictionary<string, string> { ["CAMERABEHEER_TOKEN"] = "admin.to.ken" },
            "users", "add", "--login", "jansen", "--name", "Operator Jansen", "--role", "janitor");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--role", run.Error);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public void The_session_folder_follows_xdg_config_home_then_home()
    {
        Assert.Equal("/x/camerabeheer", Sessions.SessionStore.DefaultFolder(n => n == "XDG_CONFIG_HOME" ? "/x" : "/home/u"));
        Assert.Equal("/home/u/.config/camerabeheer", Sessions.SessionStore.DefaultFolder(n => n == "HOME" ? "/home/u" : null));
        Assert.Equal("/home/u/.config/camerabeheer", Sessions.SessionStore.DefaultFolder(n => n == "XDG_CONFIG_HOME" ? "relative" : "/home/u"));
        Assert.Null(Sessions.SessionStore.DefaultFolder(_ => null));
    }

}
