using System.Security.Cryptography;

namespace CameraBeheer.Contracts.Auth;

/// <summary>
/// The host's first token signing key: 64 random bytes, base64, in <c>{data}/keys/token-signing.key</c>, readable by its
/// owner only. The host creates it on first start; <c>camerabeheer token rotate-key</c> adds newer keys beside it
/// (<see cref="SigningKeyRing"/>), and <see cref="Load"/> returns the newest, which signs.
/// </summary>
public static class SigningKeyFile
{
    public const string RelativePath = "keys/token-signing.key";
    internal const int KeyBytes = 64;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, RelativePath);

    /// <summary>Reads the current key, creating the first one (owner-only permissions) when the data folder has none yet.</summary>
    public static byte[] LoadOrCreate(string dataDirectory)
    {
        if (SigningKeyRing.LoadAll(dataDirectory) is { Count: > 0 } keys) return keys[^1].Key;

        var path = PathIn(dataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            WriteNew(path, key);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return Load(dataDirectory);
        }
        return key;
    }

    /// <summary>Reads the current (newest) key; the message says where it was looked for when there is none or it is damaged.</summary>
    public static byte[] Load(string dataDirectory) => SigningKeyRing.Current(dataDirectory).Key;

    internal static InvalidOperationException Missing(string dataDirectory) =>
        new($"no signing key at {PathIn(dataDirectory)}: start the host once with --data {dataDirectory}, or pass the right --data");

    internal static byte[] ReadKeyFile(string path)
    {
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

    /// <summary>Writes a key to a file that must not exist yet, readable and writable by its owner only.</summary>
    internal static void WriteNew(string path, byte[] key)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(Convert.ToBase64String(key));
    }
}
