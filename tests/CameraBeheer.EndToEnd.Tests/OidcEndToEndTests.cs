using System.Security.Cryptography;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>A host with an OIDC authority configured beside the local accounts, against a real authority on loopback.</summary>
public sealed class OidcEndToEndTests(OidcEndToEndTests.Fixture fixture) : IClassFixture<OidcEndToEndTests.Fixture>
{
    public const string Audience = "api://camerabeheer";

    /// <summary>The authority first (the host needs its address), then the host configured for it.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestOidcAuthority Authority { get; private set; } = null!;

        public HostProcess Host { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Authority = await TestOidcAuthority.StartAsync();
            Host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
            {
                ["CAMERABEHEER_Auth__Oidc__Authority"] = Authority.Issuer,
                ["CAMERABEHEER_Auth__Oidc__Audience"] = Audience,
                ["CAMERABEHEER_Auth__Oidc__Roles__operator"] = "CameraBeheer.Operator",
                ["CAMERABEHEER_Auth__Oidc__Roles__manager"] = "CameraBeheer.Manager",
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (Host is not null) await Host.DisposeAsync();
            if (Authority is not null) await Authority.DisposeAsync();
        }
    }

    private CameraBeheerClient WithToken(string token) => new(fixture.Host.GrpcUrl, token);

    private async Task<StatusCode> StatusOfSiteStatusAsync(string token)
    {
        using var client = WithToken(token);
        try
        {
            await client.Site.StatusAsync(new SiteStatusRequest());
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    [Fact]
    public async Task A_token_of_the_authority_with_a_mapped_role_is_accepted_after_the_host_fetched_its_metadata()
    {
        var token = fixture.Authority.Token(Audience, ["CameraBeheer.Operator"]);

        Assert.Equal(StatusCode.OK, await StatusOfSiteStatusAsync(token));
        Assert.True(fixture.Authority.MetadataRequests > 0);
    }

    [Fact]
    public async Task The_mapped_role_is_the_callers_role_for_the_methods()
    {
        var operatorToken = fixture.Authority.Token(Audience, ["CameraBeheer.Operator"]);
        using var client = WithToken(operatorToken);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.Audit.VerifyAsync(new VerifyAuditRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("this token's role is operator", e.Status.Detail);

        using var manager = WithToken(fixture.Authority.Token(Audience, ["CameraBeheer.Manager"], name: "Privacy Officer"));
        Assert.True((await manager.Audit.VerifyAsync(new VerifyAuditRequest())).Intact);
    }

    [Fact]
    public async Task A_token_without_a_mapped_role_is_permission_denied_and_a_role_claim_of_its_own_grants_nothing()
    {
        var unmapped = fixture.Authority.Token(Audience, ["Something.Else"]);
        var selfAppointed = fixture.Authority.Token(Audience, [], extraClaims: new Dictionary<string, object> { ["role"] = "admin" });

        Assert.Equal(StatusCode.PermissionDenied, await StatusOfSiteStatusAsync(unmapped));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfSiteStatusAsync(selfAppointed));
    }

    [Fact]
    public async Task Tokens_with_another_key_another_audience_another_issuer_or_expired_are_unauthenticated()
    {
        using var otherKey = RSA.Create(2048);
        var cases = new[]
        {
            fixture.Authority.Token(Audience, ["CameraBeheer.Operator"], signWith: otherKey),
            fixture.Authority.Token("api://something-else", ["CameraBeheer.Operator"]),
            fixture.Authority.Token(Audience, ["CameraBeheer.Operator"], issuer: "https://login.example.org/other-tenant/v2.0"),
            fixture.Authority.Token(Audience, ["CameraBeheer.Operator"], validFor: TimeSpan.FromHours(-2)),
        };
        foreach (var token in cases) Assert.Equal(StatusCode.Unauthenticated, await StatusOfSiteStatusAsync(token));
    }

    /// <summary>With two schemes the token's issuer picks one: whichever it picks, a bad token stays UNAUTHENTICATED.</summary>
    [Theory]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("alg-none-local")]
    [InlineData("alg-none-authority")]
    [InlineData("expired-local")]
    [InlineData("account-token-without-id")]
    public async Task Bad_local_or_unsigned_tokens_are_unauthenticated_whichever_scheme_takes_them(string kind)
    {
        var key = Contracts.Auth.SigningKeyFile.Load(fixture.Host.DataDirectory);
        var now = DateTimeOffset.UtcNow;
        var token = kind switch
        {
            "wrong-issuer" => LocalToken(key, issuer: "camerabeheer-elsewhere"),
            "wrong-audience" => LocalToken(key, audience: "someone-else"),
            "alg-none-local" => Unsigned(Contracts.Auth.TokenContract.Issuer, Contracts.Auth.TokenContract.Audience),
            "alg-none-authority" => Unsigned(fixture.Authority.Issuer, Audience),
            "expired-local" => TokenIssuer.Issue(key, "Late", "operator", TimeSpan.FromHours(1), now.AddHours(-3)),
            _ => LocalToken(key, subject: "jansen"), // an account token must carry its id
        };

        Assert.Equal(StatusCode.Unauthenticated, await StatusOfSiteStatusAsync(token));
    }

    private static string LocalToken(byte[] key, string issuer = Contracts.Auth.TokenContract.Issuer, string audience = Contracts.Auth.TokenContract.Audience, string? subject = null)
    {
        var claims = new Dictionary<string, object> { ["name"] = "Mallory", ["role"] = "admin" };
        if (subject is not null) claims["sub"] = subject;
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(key) { KeyId = Contracts.Auth.SigningKeyRing.KeyId(key) },
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) claiming the admin role.</summary>
    private static string Unsigned(string issuer, string audience)
    {
        static string Part(string json) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Text.Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"iss\":\"{issuer}\",\"aud\":\"{audience}\",\"exp\":{exp},\"name\":\"Mallory\",\"role\":\"admin\",\"roles\":[\"CameraBeheer.Manager\"]}}")}.";
    }

    [Fact]
    public async Task Local_tokens_keep_working_beside_the_authority()
    {
        Assert.Equal(StatusCode.OK, await StatusOfSiteStatusAsync(fixture.Host.Token("staff")));
        var forged = TokenIssuer.Issue(RandomNumberGenerator.GetBytes(64), "Mallory", "admin", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        Assert.Equal(StatusCode.Unauthenticated, await StatusOfSiteStatusAsync(forged));
    }
}
