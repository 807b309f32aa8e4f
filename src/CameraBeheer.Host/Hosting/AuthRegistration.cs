using CameraBeheer.Contracts.Auth;
using CameraBeheer.Grains;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Bearer tokens: the local ones (HS256, signed with a key of the data folder named by the token's <c>kid</c>, from
/// <c>camerabeheer login</c> or the administrator's <c>token issue</c>) and, when configured, those of an OIDC authority;
/// the token's issuer chooses which. Every endpoint but health and sign-in needs a token with a name and a known role:
/// without one the call fails UNAUTHENTICATED (HTTP 401), with a role the method does not allow PERMISSION_DENIED (403).
/// </summary>
public static class AuthRegistration
{
    /// <summary>The scheme every endpoint uses: it forwards to <see cref="Local"/> or <see cref="Oidc"/>.</summary>
    public const string Bearer = "Bearer";
    public const string Local = "Local";
    public const string Oidc = "Oidc";

    /// <summary>Algorithms accepted from the OIDC authority: asymmetric only, so its public keys can never act as an HMAC secret.</summary>
    private static readonly string[] OidcAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static WebApplicationBuilder AddTokenAuthentication(this WebApplicationBuilder builder, string dataDirectory)
    {
        SigningKeyFile.LoadOrCreate(dataDirectory);
        var settings = AuthSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(sp => new SigningKeyCache(dataDirectory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SigningKeyCache>>()));
        builder.Services.AddSingleton<AccountTokenChecks>();
        builder.Services.AddSingleton<AccountTokens>();
        builder.Services.AddSingleton<AccountPasswords>();
        builder.Services.AddSingleton<LockoutPolicyView>();
        builder.Services.AddOptions<AccountsOptions>()
            .Bind(builder.Configuration.GetSection("Auth:Lockout"))
            .Validate(o => o.MaxFailedAttempts >= 1 && o.Duration > TimeSpan.Zero,
                "Auth:Lockout: MaxFailedAttempts must be at least 1 and Duration more than zero (e.g. 5 and 00:15:00)")
            .ValidateOnStart();

        var authentication = builder.Services.AddAuthentication(Bearer)
            .AddPolicyScheme(Bearer, "CameraBeheer or OIDC bearer token", o => o.ForwardDefaultSelector = context => SchemeFor(context, settings))
            .AddJwtBearer(Local);
        builder.Services.AddOptions<JwtBearerOptions>(Local).Configure<SigningKeyCache>((options, keys) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenContract.Issuer,
                ValidAudience = TokenContract.Audience,
                IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = TokenContract.NameClaim,
                RoleClaimType = TokenContract.RoleClaim,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                // One grain call per call: a disabled user's or a signed-out token stops working at once.
                OnTokenValidated = context => context.HttpContext.RequestServices.GetRequiredService<AccountTokenChecks>().CheckAsync(context),
            };
        });
        if (settings.Oidc is { } oidc) authentication.AddJwtBearer(Oidc, options => ConfigureOidc(options, oidc));

        var knownCaller = new AuthorizationPolicyBuilder(Bearer)
            .RequireAuthenticatedUser()
            .RequireClaim(TokenContract.NameClaim)
            .RequireRole(TokenContract.Roles.All)
            .Build();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, RoleRefusals>();
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(knownCaller)
            .SetFallbackPolicy(knownCaller);
        return builder;
    }

    private static void ConfigureOidc(JwtBearerOptions options, OidcSettings oidc)
    {
        options.Authority = oidc.Authority.ToString();
        options.Audience = oidc.Audience;
        // Settings allow plain http only for a loopback authority (tests).
        options.RequireHttpsMetadata = oidc.Authority.Scheme == Uri.UriSchemeHttps;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = oidc.Audience,
            ValidAlgorithms = OidcAlgorithms,
            NameClaimType = TokenContract.NameClaim,
            RoleClaimType = TokenContract.RoleClaim,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                OidcClaims.MapToRoles(context, oidc);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>
    /// Reads (without trusting) the token's issuer: ours goes to the local scheme, any other to the OIDC scheme when one
    /// is configured. Either scheme then checks the signature, so a forged issuer gains nothing.
    /// </summary>
    private static string SchemeFor(HttpContext context, AuthSettings settings)
    {
        if (settings.Oidc is null) return Local;
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Local;
        var token = header["Bearer ".Length..].Trim();
        try
        {
            return new JsonWebToken(token).Issuer == TokenContract.Issuer ? Local : Oidc;
        }
        catch (ArgumentException)
        {
            return Local; // not a JWT at all: refused by the local scheme
        }
    }
}
