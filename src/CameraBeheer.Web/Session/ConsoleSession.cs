namespace CameraBeheer.Web.Session;

/// <summary>
/// One signed-in person at one browser: the token the backend gave at sign-in, kept here on the server and never sent
/// to the browser (the browser holds only an HttpOnly cookie naming this session), and their display preferences.
/// </summary>
public sealed class ConsoleSession(string id, string token, DateTimeOffset expiresAt, string login, string name, string role, string site)
{
    public string Id { get; } = id;
    public string Token { get; } = token;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public string Login { get; } = login;
    public string Name { get; } = name;
    public string Role { get; } = role;

    /// <summary>The site the backend serves (every desk and alert call names it).</summary>
    public string Site { get; } = site;
}
