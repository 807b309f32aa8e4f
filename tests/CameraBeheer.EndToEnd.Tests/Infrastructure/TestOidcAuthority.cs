using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A small OIDC authority on loopback (Kestrel): <c>/.well-known/openid-configuration</c> and a JWKS with one RSA key,
/// and tokens signed with it, as Microsoft Entra ID would issue them. The host fetches the metadata over real HTTP.
/// </summary>
public sealed class TestOidcAuthority : IAsyncDisposable
{
    public const string KeyId = "test-rsa-1";

    private readonly WebApplication _app;
    private int _metadataRequests;

    private TestOidcAuthority(WebApplication app, RSA key)
    {
        _app = app;
        Key = key;
    }

    public RSA Key { get; }

    /// <summary>The issuer, also the authority's address: http://127.0.0.1:PORT.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>How often the discovery document was fetched: proof that the host asked.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public static async Task<TestOidcAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new TestOidcAuthority(app, RSA.Create(2048));
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref authority._metadataRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = authority.Issuer,
                ["jwks_uri"] = $"{authority.Issuer}/keys",
                ["authorization_endpoint"] = $"{authority.Issuer}/authorize",
                ["token_endpoint"] = $"{authority.Issuer}/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
            });
        });
        app.MapGet("/keys", () =>
        {
            var p = authority.Key.ExportParameters(includePrivateParameters: false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        authority.Issuer = address.TrimEnd('/');
        return authority;
    }

    /// <summary>An access token as the authority would issue it; every part can be made wrong for a test.</summary>
    public string Token(string audience, IReadOnlyList<string> roles, string name = "Agent Visser", string? issuer = null, RSA? signWith = null,
        TimeSpan? validFor = null, IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["name"] = name, ["sub"] = "00000000-aaaa-bbbb-cccc-0123456789ab", ["roles"] = roles.ToArray() };
        foreach (var (k, v) in extraClaims ?? new Dictionary<string, object>()) claims[k] = v;
        var expires = now + (validFor ?? TimeSpan.FromHours(1));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddHours(-1) : now,
            NotBefore = expires < now ? expires.AddHours(-1) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? Key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Key.Dispose();
    }
}
