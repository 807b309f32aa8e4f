using System.Security.Cryptography;

namespace CameraBeheer.Contracts.Auth;

/// <summary>
/// The host's token signing key: 64 random bytes, base64, in <c>{data}/keys/token-signing.key</c>, readable by its owner only.
/// The host creates it on first start; <c>camerabeheer token issue --data DIR</c> reads it to sign tokens.
/// </summary>
public static class SigningKeyFile
{
    public const string RelativePath = "keys/token-signing.key";
    private const int KeyBytes = 64;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, RelativePath);

    /// <summary>Reads the key, creating it (owner-only permissions) when the data folder has none yet.</summary>
    public static byte[] LoadOrCreate(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path)) return Load(dataDirectory);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return Load(dataDirectory);
        }
        return key;
    }

    /// <summary>Reads an existing key; the message says where it was looked for when it is missing or damaged.</summary>
    public static byte[] Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
            throw new InvalidOperationException($"no signing key at {path}: start the host once with --data {dataDirectory}, or pass the right --data");
        try
        {
            var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (key.Length < 32) throw new FormatException("too short");
            return key;
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"the signing key at {path} is damaged (expected base64 of at least 32 bytes)");
        }
    }
}
