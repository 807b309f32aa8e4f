namespace CameraBeheer.Contracts.Auth;

/// <summary>What a bearer token of CameraBeheer carries: issuer, audience, the caller's name and one role.</summary>
public static class TokenContract
{
    public const string Issuer = "camerabeheer";
    public const string Audience = "camerabeheer";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";
    public const string Algorithm = "HS256";

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
