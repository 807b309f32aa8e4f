namespace CameraBeheer.Contracts.Tls;

/// <summary>
/// A certificate, key or CA file that cannot be used: missing, unreadable, not PEM, or a key that does not belong to its
/// certificate. The message is one line naming the setting, the file and the problem, so a start stops with words an
/// operator can act on.
/// </summary>
public sealed class TlsFileException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
