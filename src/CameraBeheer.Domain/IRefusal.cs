namespace CameraBeheer.Domain;

/// <summary>
/// A refusal of one area of the domain (accounts, alerts, the desk, footage requests): a kind the gRPC layer maps to a
/// status code, the request field at fault, and a message in words the user can act on.
/// </summary>
public interface IRefusal<TSelf, TKind>
    where TSelf : Exception, IRefusal<TSelf, TKind>
    where TKind : struct, Enum
{
    TKind Kind { get; }

    string? Field { get; }

    string Message { get; }

    /// <summary>The refusal made again from its parts, as it arrives on the other side of a grain call.</summary>
    static abstract TSelf Create(TKind kind, string message, string? field);
}

/// <summary>What every refusal of the domain carries besides its message: its kind and the request field at fault.</summary>
public abstract class Refusal<TKind>(TKind kind, string message, string? field) : Exception(message)
    where TKind : struct, Enum
{
    /// <summary>Why it was refused; the gRPC layer maps it to a status code.</summary>
    public TKind Kind { get; } = kind;

    /// <summary>The request field that is wrong or unknown (e.g. "login", "visiting", "outcome"); null for a rule about the moment or the state.</summary>
    public string? Field { get; } = field;
}
