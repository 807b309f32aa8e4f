using CameraBeheer.Contracts.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Bearer tokens signed with the key in the data folder. Every endpoint but health needs a token with a name and a known
/// role: without one the call fails UNAUTHENTICATED (HTTP 401), with a role the method does not allow PERMISSION_DENIED (403).
/// </summary>
public static class AuthRegistration
{
    public static WebApplicationBuilder AddTokenAuthentication(this WebApplicationBuilder builder, string dataDirectory)
    {
        var key = SigningKeyFile.LoadOrCreate(dataDirectory);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenContract.Issuer,
                ValidAudience = TokenContract.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(key),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = TokenContract.NameClaim,
                RoleClaimType = TokenContract.RoleClaim,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });

        var knownCaller = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
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
}
