using System.Security.Claims;
using System.Security.Cryptography;
using CameraBeheer.Contracts.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.Host.Hosting;

/// <summary>Signs the tokens of signed-in people with the current key: their login, name, role and a fresh token id.</summary>
public sealed class AccountTokens(SigningKeyCache keys, AuthSettings settings, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AccountToken Issue(string login, string name, string role)
    {
        // Whole seconds, as the token carries them: the grain compares issue times with the second a password was set.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + settings.TokenLifetime;
        var tokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var key = keys.Current;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = TokenContract.Issuer,
            Audience = TokenContract.Audience,
            Subject = new ClaimsIdentity([
                new Claim(TokenContract.SubjectClaim, login),
                new Claim(TokenContract.NameClaim, name),
                new Claim(TokenContract.RoleClaim, role),
                new Claim(TokenContract.TokenIdClaim, tokenId),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key.Key) { KeyId = key.KeyId }, SecurityAlgorithms.HmacSha256),
        };
        return new AccountToken(_handler.CreateToken(descriptor), tokenId, expires);
    }
}

/// <summary>A signed token, its id and its expiry.</summary>
public sealed record AccountToken(string Token, string TokenId, DateTimeOffset ExpiresAt);
