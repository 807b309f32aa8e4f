using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using CameraBeheer.Contracts.Auth;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.Cli.Tests;

public sealed class TokenIssuerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(64);

    private static TokenValidationParameters Validation(byte[] key, DateTimeOffset now) => new()
    {
        ValidIssuer = TokenContract.Issuer,
        ValidAudience = TokenContract.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(key),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (notBefore, expires, _, _) => notBefore <= now.UtcDateTime && now.UtcDateTime < expires,
    };

    [Fact]
    public void Token_validates_with_the_key_and_carries_name_role_and_expiry()
    {
        var now = DateTimeOffset.UtcNow;
        var token = TokenIssuer.Issue(Key, "J. de Vries", TokenContract.Roles.Police, TimeSpan.FromHours(8), now);

        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        var principal = handler.ValidateToken(token, Validation(Key, now), out var validated);

        Assert.Equal("J. de Vries", principal.FindFirst(TokenContract.NameClaim)?.Value);
        Assert.Equal("police", principal.FindFirst(TokenContract.RoleClaim)?.Value);
        var jwt = Assert.IsType<JwtSecurityToken>(validated);
        Assert.Equal(TokenContract.Algorithm, jwt.Header.Alg);
        Assert.Equal(now.AddHours(8).ToUnixTimeSeconds(), new DateTimeOffset(jwt.ValidTo).ToUnixTimeSeconds());
        Assert.Equal(now.ToUnixTimeSeconds(), new DateTimeOffset(jwt.ValidFrom).ToUnixTimeSeconds());
    }

    [Fact]
    public void Token_issued_in_the_past_has_expired()
    {
        var token = TokenIssuer.Issue(Key, "x", TokenContract.Roles.Operator, TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddDays(-1));

        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        var parameters = Validation(Key, DateTimeOffset.UtcNow);
        parameters.LifetimeValidator = null;
        Assert.Throws<SecurityTokenExpiredException>(() => handler.ValidateToken(token, parameters, out _));
    }

    [Fact]
    public void Token_signed_with_another_key_is_rejected()
    {
        var now = DateTimeOffset.UtcNow;
        var token = TokenIssuer.Issue(Key, "x", TokenContract.Roles.Admin, TimeSpan.FromHours(1), now);

        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        Assert.ThrowsAny<SecurityTokenException>(() => handler.ValidateToken(token, Validation(RandomNumberGenerator.GetBytes(64), now), out _));
    }

    [Theory]
    [InlineData("janitor")]
    [InlineData("")]
    [InlineData("Admin")]
    public void Issuer_refuses_a_role_the_server_does_not_know(string role)
    {
        var refused = Assert.Throws<ArgumentException>(() => TokenIssuer.Issue(Key, "x", role, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));

        Assert.Contains("use one of: operator, police, staff, manager, admin", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issuer_refuses_a_token_valid_longer_than_31_days()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenIssuer.Issue(Key, "x", TokenContract.Roles.Admin, TimeSpan.FromDays(32), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Issuer_refuses_a_token_without_a_name()
    {
        Assert.Throws<ArgumentException>(() => TokenIssuer.Issue(Key, " ", TokenContract.Roles.Admin, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
    }
}
