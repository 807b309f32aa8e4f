using Microsoft.AspNetCore.Http;

namespace CameraBeheer.Web.Session;

/// <summary><c>GET /voorkeur?taal=en&amp;groot=1&amp;terug=/meldkamer</c>: the language and type-size switches, which work without script.</summary>
public static class ConsolePreferenceEndpoint
{
    public static IResult Set(HttpContext context, string? taal, string? groot, string? terug)
    {
        var cookie = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Secure = context.Request.IsHttps };
        if (taal is "nl" or "en") context.Response.Cookies.Append(ConsolePreferences.LanguageCookie, taal, cookie);
        if (groot is "0" or "1") context.Response.Cookies.Append(ConsolePreferences.LargeTypeCookie, groot, cookie);
        // Only a path of this console: never an open redirect to another site.
        var back = terug is { Length: > 0 } t && t.StartsWith('/') && !t.StartsWith("//", StringComparison.Ordinal) && !t.Contains('\\') ? t : "/";
        return Results.LocalRedirect(back);
    }
}
