using System.Security.Claims;
using CameraBeheer.Contracts.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.Testing;

/// <summary>
/// Mints bootstrap tokens as <c>camerabeheer token issue</c> signs them (HS256, the key's <c>kid</c>, the claim
/// <c>bootstrap</c>), but lenient about name, role and validity, so that tests can present tokens the server must refuse:
/// an unknown role, an expired token, a key the host never had. The CLI's own <c>TokenIssuer</c> refuses those.
/// </summary>
/// <remarks>
/// Written apart from the CLI's issuer on purpose: the web console's tests compile the same protos as the CLI and must
/// not reference it, and the server is then checked against tokens its own code did not make.
/// </remarks>
public static class TestTokens
{
    public static string Issue(byte[] key, string name, string role, TimeSpan validFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var claims = new ClaimsIdentity([
            new Claim(TokenContract.NameClaim, name),
            new Claim(TokenContract.RoleClaim, role),
            new Claim(TokenContract.BootstrapClaim, "true"),
        ]);
        var signing = new SigningCredentials(new SymmetricSecurityKey(key) { KeyId = SigningKeyRing.KeyId(key) }, SecurityAlgorithms.HmacSha256);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenContract.Issuer,
            Audience = TokenContract.Audience,
            Subject = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + validFor).UtcDateTime,
            SigningCredentials = signing,
        });
    }
}
