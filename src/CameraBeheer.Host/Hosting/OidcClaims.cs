using System.Security.Claims;
using CameraBeheer.Contracts.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Turns a validated OIDC token into a CameraBeheer caller: its role claim values mapped to the five roles, its name
/// claim as <c>name</c>. A <c>role</c> claim the authority put in itself is dropped: only the mapping grants roles.
/// A token with no mapped role keeps no role and is refused PERMISSION_DENIED, as a local token with an unknown role is.
/// </summary>
public static class OidcClaims
{
    public static void MapToRoles(TokenValidatedContext context, OidcSettings oidc)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity) return;
        var granted = oidc.RolesFor(identity.FindAll(oidc.RoleClaim).Select(c => c.Value)).ToList();
        var name = identity.FindFirst(oidc.NameClaim)?.Value ?? identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("sub")?.Value;

        foreach (var claim in identity.FindAll(c => c.Type is TokenContract.RoleClaim or TokenContract.NameClaim or TokenContract.BootstrapClaim).ToList())
            identity.TryRemoveClaim(claim);
        foreach (var role in granted) identity.AddClaim(new Claim(TokenContract.RoleClaim, role, ClaimValueTypes.String, oidc.Authority.ToString()));
        if (name is not null) identity.AddClaim(new Claim(TokenContract.NameClaim, name, ClaimValueTypes.String, oidc.Authority.ToString()));
    }
}
