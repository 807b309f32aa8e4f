namespace CameraBeheer.Domain.Alerts;

/// <summary>An alert action the caller asked for that cannot be done; the message says why in words an operator can act on.</summary>
/// <remarks>The gRPC layer maps <see cref="Kind"/> to a status code: NOT_FOUND, INVALID_ARGUMENT or FAILED_PRECONDITION.</remarks>
public sealed class AlertException(AlertErrorKind kind, string message, string? field = null) : Refusal<AlertErrorKind>(kind, message, field), IRefusal<AlertException, AlertErrorKind>
{
    public static AlertException Create(AlertErrorKind kind, string message, string? field) => new(kind, message, field);

    public static AlertException NotFound(string alertId) =>
        new(AlertErrorKind.NotFound, $"there is no alert '{alertId}' (resolved alerts are forgotten after the retention period)");

    public static AlertException InvalidArgument(string field, string message) => new(AlertErrorKind.InvalidArgument, message, field);

    public static AlertException NotNow(string message) => new(AlertErrorKind.NotAllowedNow, message);
}

/// <summary>Why an alert action was refused.</summary>
public enum AlertErrorKind
{
    /// <summary>No alert has that id.</summary>
    NotFound,

    /// <summary>An argument is wrong whatever the alert's state (an unknown outcome, a note that is too long).</summary>
    InvalidArgument,

    /// <summary>The alert's state forbids the action (acknowledging or resolving a resolved alert).</summary>
    NotAllowedNow,
}
