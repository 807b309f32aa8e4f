using System.Security.Claims;
using CameraBeheer.Contracts.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace CameraBeheer.Web.Session;

/// <summary>
/// The console's own cookie scheme: an HttpOnly, SameSite=Strict cookie (protected by ASP.NET Core's data protection)
/// that carries only the id of a <see cref="ConsoleSession"/>, the name and the role, never the token.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "CameraBeheer.Web";
    public const string SessionClaim = "console-session";
    public const string CookieName = "camerabeheer-console";

    public static ClaimsPrincipal Principal(ConsoleSession session) => new(new ClaimsIdentity(
    [
        new Claim(SessionClaim, session.Id),
        new Claim(TokenContract.NameClaim, session.Name),
        new Claim(TokenContract.RoleClaim, session.Role),
    ], Scheme, TokenContract.NameClaim, TokenContract.RoleClaim));

    internal static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = "/aanmelden";
        options.LogoutPath = "/afmelden";
        options.AccessDeniedPath = "/aanmelden";
        options.SlidingExpiration = false;
    }

    /// <summary>The session behind a request's cookie, when its token still lasts.</summary>
    public static async Task<ClaimsPrincipal> AuthenticateAsync(HttpContext context, ConsoleSessions sessions)
    {
        var result = await context.AuthenticateAsync(Scheme);
        var id = result.Succeeded ? result.Principal.FindFirst(SessionClaim)?.Value : null;
        return sessions.Find(id) is not null ? result.Principal! : new ClaimsPrincipal(new ClaimsIdentity());
    }
}
