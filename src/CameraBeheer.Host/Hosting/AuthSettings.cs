using System.Globalization;
using CameraBeheer.Contracts.Auth;
using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The <c>Auth</c> section: how long a signed-in session's token lasts (<c>Auth:TokenLifetime</c>, default 8 hours, at
/// most 31 days) and, optionally, an OIDC authority beside the local accounts (<c>Auth:Oidc:…</c>). Checked at start-up.
/// </summary>
public sealed record AuthSettings(TimeSpan TokenLifetime, OidcSettings? Oidc)
{
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(8);

    public static AuthSettings From(IConfiguration configuration)
    {
        var lifetime = DefaultTokenLifetime;
        if (configuration["Auth:TokenLifetime"] is { Length: > 0 } text
            && (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out lifetime) || lifetime <= TimeSpan.Zero || lifetime > TokenContract.MaxLifetime))
            throw new ArgumentException($"Auth:TokenLifetime '{Printable.Excerpt(text, 40)}' is not a duration between 00:00:01 and 31.00:00:00 (e.g. 08:00:00)");
        return new AuthSettings(lifetime, OidcSettings.From(configuration.GetSection("Auth:Oidc")));
    }
}

/// <summary>
/// An OIDC authority (e.g. Microsoft Entra ID) whose access tokens are accepted beside the local ones: its metadata and
/// keys come from <c>{Authority}/.well-known/openid-configuration</c>, the audience must match, and the value of
/// <see cref="RoleClaim"/> is mapped to one of the five roles by <see cref="Roles"/> (<c>Auth:Oidc:Roles:operator=…</c>).
/// </summary>
public sealed record OidcSettings(Uri Authority, string Audience, string RoleClaim, string NameClaim, IReadOnlyDictionary<string, string> Roles)
{
    public static OidcSettings? From(IConfigurationSection section)
    {
        var authority = section["Authority"];
        if (string.IsNullOrWhiteSpace(authority)) return null;
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ArgumentException($"Auth:Oidc:Authority '{Printable.Excerpt(authority, 80)}' is not an http(s) address");
        if (uri.Scheme == "http" && !uri.IsLoopback)
            throw new ArgumentException($"Auth:Oidc:Authority {uri}: use https (plain http is allowed only on loopback, for tests)");
        var audience = section["Audience"];
        if (string.IsNullOrWhiteSpace(audience)) throw new ArgumentException("Auth:Oidc:Audience is required with Auth:Oidc:Authority (the application id URI or client id tokens are issued for)");

        // Role → the claim value that grants it; read the other way round when a token arrives.
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in section.GetSection("Roles").GetChildren())
        {
            if (!TokenContract.Roles.IsKnown(entry.Key))
                throw new ArgumentException($"Auth:Oidc:Roles:{Printable.Excerpt(entry.Key, 40)}: not a role; use {string.Join(", ", TokenContract.Roles.All)}");
            if (string.IsNullOrWhiteSpace(entry.Value)) throw new ArgumentException($"Auth:Oidc:Roles:{entry.Key}: give the claim value that grants it");
            roles[entry.Key] = entry.Value.Trim();
        }
        if (roles.Count == 0) throw new ArgumentException("Auth:Oidc:Roles: map at least one role, e.g. Auth:Oidc:Roles:operator=CameraBeheer.Operator");
        return new OidcSettings(uri, audience.Trim(), section["RoleClaim"] is { Length: > 0 } rc ? rc : "roles", section["NameClaim"] is { Length: > 0 } nc ? nc : "name", roles);
    }

    /// <summary>The roles a set of claim values grants.</summary>
    public IEnumerable<string> RolesFor(IEnumerable<string> claimValues)
    {
        var values = claimValues.ToHashSet(StringComparer.Ordinal);
        return Roles.Where(r => values.Contains(r.Value)).Select(r => r.Key);
    }
}
