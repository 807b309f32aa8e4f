using System.Globalization;
using System.Security.Cryptography;

namespace CameraBeheer.Contracts.Auth;

/// <summary>
/// The token signing keys in the data folder, each known by its <c>kid</c> (the first 16 hex digits of the SHA-256 of the
/// key, so the same key always has the same id). The first key is <c>keys/token-signing.key</c>, as before rotation
/// existed; every rotation adds <c>keys/token-signing/{created:yyyyMMddTHHmmssfffZ}-{kid}.key</c>. The newest key signs;
/// a key replaced by a newer one is still accepted for <see cref="TokenContract.MaxLifetime"/> after its replacement
/// (every token it signed has expired by then), and may be removed after that.
/// </summary>
public static class SigningKeyRing
{
    public const string RotatedFolder = "keys/token-signing";
    private const string StampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    public static string RotatedFolderIn(string dataDirectory) => Path.Combine(dataDirectory, RotatedFolder);

    /// <summary>The id of a key: derived from its bytes, so a token names its key without revealing it.</summary>
    public static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    /// <summary>Every key on disk, oldest first, each with the moment a newer key replaced it (null for the current one).</summary>
    public static IReadOnlyList<SigningKey> LoadAll(string dataDirectory)
    {
        var found = new List<(byte[] Key, DateTimeOffset Created, string Path)>();
        var legacy = SigningKeyFile.PathIn(dataDirectory);
        if (File.Exists(legacy)) found.Add((SigningKeyFile.ReadKeyFile(legacy), DateTimeOffset.MinValue, legacy));
        var folder = RotatedFolderIn(dataDirectory);
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.key"))
            {
                // A file of another shape (an editor's backup, a half-written temporary) is not a key.
                if (TryParseName(Path.GetFileName(path), out var created)) found.Add((SigningKeyFile.ReadKeyFile(path), created, path));
            }
        }
        found.Sort((a, b) => a.Created.CompareTo(b.Created));
        var keys = new List<SigningKey>(found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            DateTimeOffset? replaced = i + 1 < found.Count ? found[i + 1].Created : null;
            keys.Add(new SigningKey(KeyId(found[i].Key), found[i].Key, found[i].Path, replaced));
        }
        return keys;
    }

    /// <summary>The key that signs new tokens: the newest.</summary>
    public static SigningKey Current(string dataDirectory) =>
        LoadAll(dataDirectory).LastOrDefault() ?? throw SigningKeyFile.Missing(dataDirectory);

    /// <summary>
    /// Makes a new current key (owner-only file) and removes the keys whose grace period has ended. The previous key stays
    /// accepted until <see cref="TokenContract.MaxLifetime"/> after now.
    /// </summary>
    public static RotationResult Rotate(string dataDirectory, DateTimeOffset now)
    {
        var before = LoadAll(dataDirectory);
        if (before.Count == 0) throw SigningKeyFile.Missing(dataDirectory);
        var folder = RotatedFolderIn(dataDirectory);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Never earlier than the newest key: a clock set back must not make the new key sort before the current one.
        var created = now.ToUniversalTime();
        var newest = before.Where(k => k.Path != SigningKeyFile.PathIn(dataDirectory)).Select(k => CreatedOf(k.Path)).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        if (created <= newest) created = newest.AddMilliseconds(1);
        var key = RandomNumberGenerator.GetBytes(SigningKeyFile.KeyBytes);
        var path = Path.Combine(folder, $"{created.ToString(StampFormat, CultureInfo.InvariantCulture)}-{KeyId(key)}.key");
        // Written aside and moved into place: a host reading the folder at that moment never sees half a key.
        var aside = path + ".new";
        SigningKeyFile.WriteNew(aside, key);
        File.Move(aside, path);

        var removed = new List<SigningKey>();
        var previous = before[^1] with { ReplacedAt = created };
        foreach (var old in before.Take(before.Count - 1))
        {
            if (old.ReplacedAt is { } replacedAt && replacedAt + TokenContract.MaxLifetime <= now)
            {
                File.Delete(old.Path);
                removed.Add(old);
            }
        }
        return new RotationResult(new SigningKey(KeyId(key), key, path, null), previous, removed);
    }

    /// <summary>True when a token signed with <paramref name="key"/> may still be accepted at <paramref name="now"/>.</summary>
    public static bool IsAccepted(SigningKey key, DateTimeOffset now) => key.ReplacedAt is not { } replaced || now < replaced + TokenContract.MaxLifetime;

    private static DateTimeOffset CreatedOf(string path) => TryParseName(Path.GetFileName(path), out var created) ? created : DateTimeOffset.MinValue;

    private static bool TryParseName(string fileName, out DateTimeOffset created)
    {
        created = default;
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && fileName.EndsWith(".key", StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(fileName[..dash], StampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out created);
    }
}

/// <summary>One signing key: its id, its bytes, its file, and when a newer key replaced it (null: it is the current key).</summary>
public sealed record SigningKey(string KeyId, byte[] Key, string Path, DateTimeOffset? ReplacedAt);

/// <summary>What a rotation did: the new current key, the one it replaced, and the old keys it removed.</summary>
public sealed record RotationResult(SigningKey Current, SigningKey Previous, IReadOnlyList<SigningKey> Removed);
