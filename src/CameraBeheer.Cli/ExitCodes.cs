namespace CameraBeheer.Cli;

/// <summary>The process exit codes, so scripts can tell a typo from a server failure.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server refused or failed the call, or could not be reached.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown option, invalid value, missing token.</summary>
    public const int Usage = 2;

    /// <summary><c>audit verify</c> found the chain broken.</summary>
    public const int AuditBroken = 3;

    /// <summary><c>footage verify</c> found the evidence package tampered with (a file differs, is missing or added, or the signature fails).</summary>
    public const int EvidenceTampered = 3;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
