namespace CameraBeheer.Domain.Desk;

/// <summary>A desk action that cannot be done; the message says why in words staff can act on, naming the field or the rule.</summary>
/// <remarks>The gRPC layer maps <see cref="Kind"/> to a status code: NOT_FOUND, INVALID_ARGUMENT or FAILED_PRECONDITION.</remarks>
public sealed class DeskException(DeskErrorKind kind, string message, string? field = null) : Refusal<DeskErrorKind>(kind, message, field), IRefusal<DeskException, DeskErrorKind>
{
    public static DeskException Create(DeskErrorKind kind, string message, string? field) => new(kind, message, field);

    public static DeskException Invalid(string field, string message) => new(DeskErrorKind.InvalidArgument, message, field);

    public static DeskException NotFound(string field, string message) => new(DeskErrorKind.NotFound, message, field);

    public static DeskException NotNow(string message, string? field = null) => new(DeskErrorKind.NotAllowedNow, message, field);
}

/// <summary>Why a desk action was refused.</summary>
public enum DeskErrorKind
{
    /// <summary>No resident, visit, time-out, notification or report has that id.</summary>
    NotFound,

    /// <summary>A field is wrong whatever the moment (an empty name, a duration under an hour).</summary>
    InvalidArgument,

    /// <summary>A rule forbids it now (a no-time-out window, a guest already on site, a closed visit).</summary>
    NotAllowedNow,
}
