namespace CameraBeheer.Contracts.Auth;

/// <summary>
/// What a bearer token of CameraBeheer carries: issuer, audience, the caller's name and one role; in its header the
/// <c>kid</c> of the key that signed it. A token from <c>camerabeheer login</c> also names its account (<c>sub</c>) and
/// has an id (<c>jti</c>) that sign-out revokes; a token from <c>token issue</c> has no account and says so (<c>bootstrap</c>).
/// </summary>
public static class TokenContract
{
    public const string Issuer = "camerabeheer";
    public const string Audience = "camerabeheer";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";
    public const string TokenIdClaim = "jti";
    public const string IssuedAtClaim = "iat";
    public const string ExpiresClaim = "exp";

    /// <summary>Present ("true") on the administrator's offline tokens, which belong to no account.</summary>
    public const string BootstrapClaim = "bootstrap";

    public const string Algorithm = "HS256";

    /// <summary>The longest a token may be valid; also how long a replaced signing key stays accepted.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(31);

    /// <summary>The roles of the system's users.</summary>
    public static class Roles
    {
        public const string Operator = "operator";
        public const string Police = "police";
        public const string Staff = "staff";
        public const string Manager = "manager";
        public const string Admin = "admin";

        public static readonly IReadOnlyList<string> All = [Operator, Police, Staff, Manager, Admin];

        public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
    }
}
