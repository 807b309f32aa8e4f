using System.Security.Cryptography;

namespace CameraBeheer.Contracts.EdgeAgents;

/// <summary>A new edge agent's secret: 32 random bytes (256 bits), written base64url without padding (43 characters).</summary>
/// <remarks>base64url has no character a shell, a URL, a password file or <c>mosquitto_pub -P</c> treats specially.</remarks>
public static class EdgeAgentSecret
{
    public const int Bytes = 32;

    public static string New()
    {
        var bytes = RandomNumberGenerator.GetBytes(Bytes);
        try
        {
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
