using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CameraBeheer.Contracts.EdgeAgents;

/// <summary>
/// A secret hashed the way Mosquitto 2.x keeps it in a password file (<c>mosquitto_passwd</c>):
/// <c>$7$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c>, PBKDF2 with HMAC-SHA512, a 12-byte salt and a 64-byte hash.
/// The same string checks an agent at the embedded broker and goes into the exported password file, so both brokers
/// accept exactly the same secrets.
/// </summary>
/// <remarks>
/// Hand-written around <see cref="Rfc2898DeriveBytes.Pbkdf2(byte[], byte[], int, HashAlgorithmName, int)"/> because the
/// format is Mosquitto's, not ours: ASP.NET Core Identity's <c>PasswordHasher</c> writes its own versioned binary format,
/// which Mosquitto cannot read, and one stored hash must serve both brokers.
/// </remarks>
public static class MosquittoPasswordHash
{
    /// <summary>The prefix of Mosquitto's PBKDF2-SHA512 format.</summary>
    public const string Prefix = "$7$";

    /// <summary>
    /// Iterations for a generated agent secret. An agent secret is 32 random bytes (256 bits): no dictionary and no
    /// number of guesses gets anywhere near it, so key stretching buys nothing against a stolen password file; the count
    /// only has to be what Mosquitto reads (its own default is 101). Kept modest because every MQTT connect pays for it.
    /// </summary>
    public const int AgentIterations = 1_000;

    /// <summary>
    /// Iterations for a password a person chose (the backend's Mosquitto user): those can be guessed, so this is the
    /// OWASP figure for PBKDF2-HMAC-SHA512, paid once per connect of one backend.
    /// </summary>
    public const int ChosenPasswordIterations = 210_000;

    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt.</summary>
    public static string Create(string secret, int iterations = AgentIterations) =>
        Create(secret, RandomNumberGenerator.GetBytes(SaltBytes), iterations);

    /// <summary>Hashes <paramref name="secret"/> with the given salt (tests compare with <c>mosquitto_passwd</c>).</summary>
    public static string Create(string secret, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="stored"/> is a well-formed <c>$7$</c> hash (what a password file line must hold).</summary>
    public static bool IsWellFormed(string? stored) => TryParse(stored, out _, out _, out _);

    /// <summary>
    /// True when <paramref name="secret"/> is the one <paramref name="stored"/> was made from. Compared in constant
    /// time; a malformed stored hash verifies nothing.
    /// </summary>
    public static bool Verify(string? secret, string? stored)
    {
        if (secret is null || !TryParse(stored, out var iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = stored[Prefix.Length..].Split('$');
        if (parts.Length != 3) return false;
        // An absurd count in a tampered file must not turn every connect into minutes of hashing.
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1 or > 10_000_000) return false;
        try
        {
            salt = Convert.FromBase64String(parts[1]);
            hash = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length > 0 && hash.Length == HashBytes;
    }
}
