using System.Security.Cryptography;
using System.Text;

namespace CameraBeheer.Contracts.Evidence;

/// <summary>One line of a <c>SHA256SUMS</c> file: a file name and its SHA-256 in lowercase hex.</summary>
public sealed record Sha256SumsEntry(string Name, string Sha256);

/// <summary>
/// The exact format of coreutils <c>sha256sum</c> in text mode, so that <c>sha256sum -c SHA256SUMS</c> checks a package
/// without CameraBeheer: <c>{64 lowercase hex}{space}{space}{name}\n</c>, one line per file, sorted by name (ordinal).
/// </summary>
/// <remarks>Names are restricted to plain file names without control characters or backslashes: sha256sum escapes
/// those with a leading backslash, which this writer refuses to need.</remarks>
public static class Sha256Sums
{
    /// <summary>The file's bytes, ready to be written and signed.</summary>
    public static byte[] Write(IEnumerable<Sha256SumsEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (!IsPlainName(entry.Name)) throw new ArgumentException($"'{entry.Name}' cannot be listed in SHA256SUMS: a package holds plain file names only");
            if (!IsSha256Hex(entry.Sha256)) throw new ArgumentException($"'{entry.Sha256}' is not a lowercase hex SHA-256 (file {entry.Name})");
            if (!seen.Add(entry.Name)) throw new ArgumentException($"'{entry.Name}' is listed twice");
            text.Append(entry.Sha256).Append("  ").Append(entry.Name).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads a SHA256SUMS file strictly (the format <see cref="Write"/> produces).</summary>
    /// <exception cref="FormatException">Names the line and what is wrong with it.</exception>
    public static IReadOnlyList<Sha256SumsEntry> Parse(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("SHA256SUMS is not UTF-8 text");
        }
        if (text.Length == 0) throw new FormatException("SHA256SUMS is empty");
        if (!text.EndsWith('\n')) throw new FormatException("SHA256SUMS does not end with a newline (cut off?)");

        var lines = text[..^1].Split('\n');
        var entries = new List<Sha256SumsEntry>(lines.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (line.Length < 67 || line[64] != ' ' || line[65] != ' ')
                throw new FormatException($"SHA256SUMS line {number}: expected '<64 hex digits><two spaces><file name>'");
            var hash = line[..64];
            var name = line[66..];
            if (!IsSha256Hex(hash)) throw new FormatException($"SHA256SUMS line {number}: '{hash}' is not 64 lowercase hex digits");
            if (!IsPlainName(name)) throw new FormatException($"SHA256SUMS line {number}: '{name}' is not a plain file name");
            if (!seen.Add(name)) throw new FormatException($"SHA256SUMS line {number}: {name} is listed twice");
            entries.Add(new Sha256SumsEntry(name, hash));
        }
        return entries;
    }

    /// <summary>The SHA-256 of a file in lowercase hex, read in a stream (videos can be large).</summary>
    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>64 lowercase hex digits.</summary>
    public static bool IsSha256Hex(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>A name that needs no escaping in sha256sum's format and stays inside the package folder.</summary>
    public static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && name is not ("." or "..") && name.Length <= 255
        && !name.Any(c => c is '/' or '\\' || char.IsControl(c));
}
