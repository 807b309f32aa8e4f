using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Cli.Input;

/// <summary>The CA the server's certificate must chain to (<c>--ca-file</c> or <c>CAMERABEHEER_CA_FILE</c>), e.g. the test CA of <c>dev-certs</c>.</summary>
internal static class CaFile
{
    public const string EnvironmentVariable = "CAMERABEHEER_CA_FILE";

    /// <summary>The trust for the file, or null when none is given (the system's CAs then decide).</summary>
    public static CertificateAuthorityTrust? Load(string? path, string source)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        try
        {
            return CertificateAuthorityTrust.FromFile(path, source);
        }
        catch (TlsFileException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
