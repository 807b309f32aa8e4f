using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using CameraBeheer.Contracts.Auth;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// Every RPC of every service × every kind of token, over a real socket to the real host: a bad token is
/// UNAUTHENTICATED, a role the matrix does not give PERMISSION_DENIED, and a role it gives gets in. An unauthorised
/// caller never sees NOT_FOUND or a single response message.
/// </summary>
public sealed class AuthorisationMatrixTests(HostFixture fixture) : IClassFixture<HostFixture>, IDisposable
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    /// <summary>How long one call may take before the test calls it hanging (a watch that got in is ended at its headers).</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly ResponseStarts _starts = new() { InnerHandler = new SocketsHttpHandler() };

    private GrpcChannel? _channel;

    private GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(fixture.Host.GrpcUrl, new GrpcChannelOptions { HttpHandler = _starts });

    private HostProcess Host => fixture.Host;

    public static TheoryData<string> EveryRpc => [.. AuthorisationMatrix.Rpcs.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_rpc_of_every_service_has_a_row_in_the_matrix_and_every_row_an_rpc()
    {
        var missing = AuthorisationMatrix.Rpcs.Keys.Where(r => !AuthorisationMatrix.Table.ContainsKey(r)).Order(StringComparer.Ordinal).ToList();
        var unknown = AuthorisationMatrix.Table.Keys.Where(r => !AuthorisationMatrix.Rpcs.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0,
            $"no row in AuthorisationMatrix.Table for {string.Join(", ", missing)}: add the roles that may call it (and the README row the README test prints)");
        Assert.True(unknown.Count == 0, $"AuthorisationMatrix.Table has rows for RPCs no service defines: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(EveryRpc))]
    public async Task Every_kind_of_token_gets_the_answer_the_matrix_gives(string rpc)
    {
        Assert.True(AuthorisationMatrix.Table.TryGetValue(rpc, out var allowed), $"no row in AuthorisationMatrix.Table for {rpc}");
        var method = AuthorisationMatrix.Rpcs[rpc];
        var anonymous = allowed.Contains(AuthorisationMatrix.Anonymous);
        var wrong = new List<string>();

        foreach (var (kind, token) in await BadTokensAsync())
        {
            var answer = await CallAsync(method, token);
            if (anonymous ? !GotIn(answer) : answer.Code != StatusCode.Unauthenticated || answer.SawData)
                wrong.Add($"{kind}: {answer} (expected {(anonymous ? "to get in" : "UNAUTHENTICATED")})");
        }
        foreach (var role in TokenContract.Roles.All)
        {
            var answer = await CallAsync(method, Host.Token(role, "Matrix Tester"));
            var mayCall = anonymous || allowed.Contains(role);
            if (mayCall ? !GotIn(answer) : answer.Code != StatusCode.PermissionDenied || answer.SawData)
                wrong.Add($"role {role}: {answer} (expected {(mayCall ? "to get in" : "PERMISSION_DENIED")})");
        }
        Assert.True(wrong.Count == 0, $"{rpc} (matrix: {string.Join(", ", allowed)}):\n  {string.Join("\n  ", wrong)}");
    }

    [Fact]
    public void The_readme_shows_exactly_the_matrix()
    {
        const string begin = "<!-- authorisation-matrix:begin (rendered by AuthorisationMatrix.Markdown; the test fails when they differ) -->";
        const string end = "<!-- authorisation-matrix:end -->";
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")).ReplaceLineEndings("\n");
        var expected = AuthorisationMatrix.Markdown();
        var from = readme.IndexOf(begin, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md has no matrix between the markers; put this there:\n{begin}\n{expected}{end}");
        var shown = readme[(from + begin.Length)..to].Trim('\n') + "\n";
        Assert.True(shown == expected, $"README.md's authorisation matrix differs from AuthorisationMatrix.Table; it should read:\n{expected}");
    }

    /// <summary>Got past authentication and authorisation: any answer of the service itself (OK, INVALID_ARGUMENT, NOT_FOUND …).</summary>
    private static bool GotIn(Answer answer) =>
        answer.Code is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Unimplemented or StatusCode.Unknown or StatusCode.Internal);

    /// <summary>Tokens that must never get in, each wrong in one way only (the claims are an administrator's).</summary>
    private async Task<List<(string Kind, string? Token)>> BadTokensAsync()
    {
        var key = SigningKeyFile.Load(Host.DataDirectory);
        var now = DateTimeOffset.UtcNow;
        return
        [
            ("no token", null),
            ("expired", Mint(key, now.AddHours(-3), TokenContract.Issuer, TokenContract.Audience)),
            ("signed with another key", Mint(RandomNumberGenerator.GetBytes(key.Length), now, TokenContract.Issuer, TokenContract.Audience)),
            ("wrong issuer", Mint(key, now, "someone-else", TokenContract.Audience)),
            ("wrong audience", Mint(key, now, TokenContract.Issuer, "another-system")),
            ("alg: none", Mint(null, now, TokenContract.Issuer, TokenContract.Audience)),
            ("disabled user", await DisabledAdministratorTokenAsync()),
        ];
    }

    private static readonly SemaphoreSlim DisabledTokenLock = new(1, 1);
    private static (HostProcess Host, string Token)? _disabledToken;

    /// <summary>
    /// A real sign-in token of an administrator account that was disabled after signing in: valid in every other way, so
    /// it is refused only because the account is disabled. Made once per host (hashing a password is slow by design).
    /// </summary>
    private async Task<string> DisabledAdministratorTokenAsync()
    {
        await DisabledTokenLock.WaitAsync();
        try
        {
            if (_disabledToken is { } made && made.Host == Host) return made.Token;
            using var admin = Host.Client(TokenContract.Roles.Admin, "Matrix Admin");
            const string password = "matrix-disabled-password";
            await admin.Accounts.AddUserAsync(new Contracts.V1.AddUserRequest { Login = "matrix-disabled", Name = "Disabled Administrator", Role = TokenContract.Roles.Admin, Password = password });
            using var anonymous = Host.Client(null);
            var signedIn = await anonymous.Accounts.SignInAsync(new Contracts.V1.SignInRequest { Login = "matrix-disabled", Password = password });
            // Before the disable the token gets in: what refuses it afterwards is the disable and nothing else.
            using (var before = new CameraBeheer.Cli.CameraBeheerClient(Host.GrpcUrl, signedIn.Token))
                Assert.NotEmpty((await before.Accounts.ListUsersAsync(new Contracts.V1.ListUsersRequest())).Users);
            await admin.Accounts.DisableUserAsync(new Contracts.V1.DisableUserRequest { Login = "matrix-disabled", Reason = "authorisation matrix" });
            _disabledToken = (Host, signedIn.Token);
            return signedIn.Token;
        }
        finally
        {
            DisabledTokenLock.Release();
        }
    }

    /// <summary>An administrator's token valid for an hour from <paramref name="issued"/>; unsigned (<c>alg: none</c>) without a key.</summary>
    private static string Mint(byte[]? key, DateTimeOffset issued, string issuer, string audience) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(TokenContract.NameClaim, "Mallory"), new Claim(TokenContract.RoleClaim, TokenContract.Roles.Admin)]),
            IssuedAt = issued.UtcDateTime,
            NotBefore = issued.UtcDateTime,
            Expires = issued.AddHours(1).UtcDateTime,
            SigningCredentials = key is null ? null : new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>Calls <paramref name="method"/> with an empty request message, as raw bytes, and says how it was answered.</summary>
    private async Task<Answer> CallAsync(MethodDescriptor method, string? token)
    {
        var type = method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var call = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, Raw, Raw);
        var request = method.InputType.Parser.ParseFrom(ByteString.Empty).ToByteArray();
        var callId = Guid.NewGuid().ToString("N");
        var headers = new Metadata { { ResponseStarts.CallHeader, callId } };
        if (token is not null) headers.Add("authorization", $"Bearer {token}");
        using var timeout = new CancellationTokenSource(CallTimeout);
        var options = new CallOptions(headers, cancellationToken: timeout.Token);
        try
        {
            if (type == MethodType.Unary)
            {
                await Channel.CreateCallInvoker().AsyncUnaryCall(call, null, options, request);
                return new Answer(StatusCode.OK, "", SawData: true);
            }
            // A stream that got in answers with a real gRPC response (a watch sends its headers when it is in place and
            // then waits): that is seen at the HTTP level. A refused one ends at once, and reading it gives the status.
            using var stream = Channel.CreateCallInvoker().AsyncServerStreamingCall(call, null, options, request);
            await stream.ResponseHeadersAsync;
            if (_starts.Started(callId)) return new Answer(StatusCode.OK, "streaming", SawData: true);
            var sawData = await stream.ResponseStream.MoveNext(timeout.Token);
            return new Answer(StatusCode.OK, "ended", sawData);
        }
        catch (RpcException e)
        {
            return new Answer(e.StatusCode, e.Status.Detail, SawData: false);
        }
    }

    public void Dispose()
    {
        _channel?.Dispose();
        _starts.Dispose();
    }

    /// <summary>Records, per call, whether the server began a real gRPC response (HTTP 200 without a status in the headers).</summary>
    private sealed class ResponseStarts : DelegatingHandler
    {
        public const string CallHeader = "x-matrix-call";

        private readonly ConcurrentDictionary<string, bool> _started = new(StringComparer.Ordinal);

        public bool Started(string callId) => _started.TryGetValue(callId, out var started) && started;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Headers.TryGetValues(CallHeader, out var ids))
                _started[ids.First()] = response.StatusCode == HttpStatusCode.OK && !response.Headers.Contains("grpc-status");
            return response;
        }
    }

    private sealed record Answer(StatusCode Code, string Detail, bool SawData)
    {
        public override string ToString() => $"{Code}{(Detail.Length > 0 ? $" \"{Detail}\"" : "")}";
    }
}
