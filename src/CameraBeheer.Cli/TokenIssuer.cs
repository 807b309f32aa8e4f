using System.Security.Claims;
using CameraBeheer.Contracts.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.Cli;

/// <summary>
/// Mints the administrator's bootstrap tokens offline: HS256, signed with the host's current key (see <see cref="SigningKeyRing"/>),
/// its <c>kid</c> in the header, and the claim <c>bootstrap</c>: they belong to no account, so nothing can revoke them
/// before they expire. People sign in with <c>camerabeheer login</c> instead.
/// </summary>
/// <remarks>
/// Deliberately lenient about name and role so tests can mint tokens the server must refuse (unknown role, expired);
/// the <c>token issue</c> command applies the user-facing rules before calling it.
/// </remarks>
public static class TokenIssuer
{
    public static string Issue(byte[] key, string name, string role, TimeSpan validFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validFor, TimeSpan.Zero);

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = TokenContract.Issuer,
            Audience = TokenContract.Audience,
            Subject = new ClaimsIdentity([
                new Claim(TokenContract.NameClaim, name),
                new Claim(TokenContract.RoleClaim, role),
                new Claim(TokenContract.BootstrapClaim, "true"),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + validFor).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key) { KeyId = SigningKeyRing.KeyId(key) }, SecurityAlgorithms.HmacSha256),
        };
        // JsonWebTokenHandler writes claim names as given; the older JwtSecurityTokenHandler would rename "role" and "name".
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
