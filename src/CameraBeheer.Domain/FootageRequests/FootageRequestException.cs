namespace CameraBeheer.Domain.FootageRequests;

/// <summary>A footage-request action that cannot be done; the message says why in words the officer or manager can act on.</summary>
/// <remarks>The gRPC layer maps <see cref="Kind"/> to a status code.</remarks>
public sealed class FootageRequestException(RequestErrorKind kind, string message, string? field = null) : Refusal<RequestErrorKind>(kind, message, field), IRefusal<FootageRequestException, RequestErrorKind>
{
    public static FootageRequestException Create(RequestErrorKind kind, string message, string? field) => new(kind, message, field);

    public static FootageRequestException Invalid(string field, string problem) => new(RequestErrorKind.InvalidArgument, $"{field}: {problem}", field);

    public static FootageRequestException Rule(string message) => new(RequestErrorKind.FailedPrecondition, message);

    public static FootageRequestException Denied(string message) => new(RequestErrorKind.PermissionDenied, message);

    public static FootageRequestException NotFound(string id) => new(RequestErrorKind.NotFound, $"there is no footage request '{FootageRequestText.Excerpt(id)}'");
}

/// <summary>Why a request action was refused: INVALID_ARGUMENT, FAILED_PRECONDITION, PERMISSION_DENIED or NOT_FOUND.</summary>
public enum RequestErrorKind
{
    InvalidArgument,
    FailedPrecondition,
    PermissionDenied,
    NotFound,
}
