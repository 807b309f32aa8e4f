namespace CameraBeheer.Web.Session;

/// <summary>What a person chose for the screen: the language (Dutch first) and large type for a control-room distance.</summary>
/// <remarks>Kept in two plain cookies: they are choices, not secrets, and they must hold before anyone signs in.</remarks>
public sealed record ConsolePreferences(string Language, bool LargeType)
{
    public const string LanguageCookie = "camerabeheer-taal";
    public const string LargeTypeCookie = "camerabeheer-groot";

    public static ConsolePreferences Default { get; } = new("nl", false);

    public bool English => Language == "en";

    public static ConsolePreferences From(Func<string, string?> cookie) =>
        new(cookie(LanguageCookie) == "en" ? "en" : "nl", cookie(LargeTypeCookie) == "1");
}

/// <summary>The preferences of a request, for the static page shells.</summary>
public static class ConsolePreferencesOfRequest
{
    public static ConsolePreferences Preferences(this Microsoft.AspNetCore.Http.HttpContext context) =>
        ConsolePreferences.From(name => context.Request.Cookies[name]);
}
