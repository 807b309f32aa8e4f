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
/// Strict: it mints only what the server accepts (a known role, a name, at most <see cref="TokenContract.MaxLifetime"/>).
/// The <c>token issue</c> command applies the user-facing rules, with messages that name the option, before calling it;
/// tests that need tokens the server must refuse mint them with the test kit's lenient <c>TestTokens</c>.
/// </remarks>
public static class TokenIssuer
{
    public static string Issue(byte[] key, string name, string role, TimeSpan validFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TokenContract.Roles.IsKnown(role))
            throw new ArgumentException($"unknown role '{role}'; use one of: {string.Join(", ", TokenContract.Roles.All)}", nameof(role));
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a token names the person it is for; the name is empty", nameof(name));
        if (validFor <= TimeSpan.Zero || validFor > TokenContract.MaxLifetime)
            throw new ArgumentOutOfRangeException(nameof(validFor), validFor, $"a token is valid for more than zero and at most {TokenContract.MaxLifetime.TotalDays:0} days");

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
