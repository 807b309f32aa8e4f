namespace CameraBeheer.Domain.Accounts;

/// <summary>An account change that cannot be made; the message names the field or the rule in words an administrator can act on.</summary>
/// <remarks>The gRPC layer maps <see cref="Kind"/> to a status code: INVALID_ARGUMENT, NOT_FOUND or FAILED_PRECONDITION.</remarks>
public sealed class AccountException(AccountErrorKind kind, string message, string? field = null) : Refusal<AccountErrorKind>(kind, message, field), IRefusal<AccountException, AccountErrorKind>
{
    public static AccountException Create(AccountErrorKind kind, string message, string? field) => new(kind, message, field);

    public static AccountException Invalid(string field, string problem) => new(AccountErrorKind.InvalidArgument, $"{field}: {problem}", field);

    public static AccountException NotFound(string login) => new(AccountErrorKind.NotFound, $"login: there is no user '{login}'", "login");

    public static AccountException NotNow(string message, string? field = null) => new(AccountErrorKind.NotAllowedNow, message, field);
}

/// <summary>Why an account change was refused.</summary>
public enum AccountErrorKind
{
    /// <summary>No user has that login.</summary>
    NotFound,

    /// <summary>A field is wrong whatever the moment (a short password, a login with spaces).</summary>
    InvalidArgument,

    /// <summary>The account's state forbids it (the login is taken, the user is already disabled).</summary>
    NotAllowedNow,
}
