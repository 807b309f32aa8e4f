using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CameraBeheer.Domain.Audit;

/// <summary>The hash chain of the audit log: how entries are written as lines, linked, and checked.</summary>
/// <remarks>
/// Each line stores the SHA-256 of the line before it (the first stores the day's genesis hash), not its own hash.
/// So an edited line shows up at the line after it, whose "prev" no longer matches; an edit of the last line,
/// or lines cut off the end, only show against an <see cref="AuditHead"/> kept outside the file.
/// </remarks>
public static class AuditChain
{
    private const string TimeFormat = UtcTimestamps.Pattern;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        // Names such as "Müller" stay readable in the file; control characters and quotes are still escaped,
        // so a line never contains a raw newline.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The "prev" of a day's first entry: a hash that ties the chain to its site and day.</summary>
    public static string Genesis(string site, DateOnly day)
    {
        if (!Ids.IsValid(site))
            throw new ArgumentException($"'{site}' is not a valid site id ({Ids.Pattern})", nameof(site));
        return HashLine($"camerabeheer-audit|{site}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="line"/>, which must not include its newline.</summary>
    public static string HashLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
    }

    /// <summary>The next entry of a chain, its time cut to UTC milliseconds so that the entry equals what its line says.</summary>
    public static AuditEntry Next(
        string previousLineHashOrGenesis,
        long sequence,
        DateTimeOffset time,
        string caller,
        string role,
        string method,
        string target,
        string outcome,
        string? reason = null)
    {
        if (!IsSha256Hex(previousLineHashOrGenesis))
            throw new ArgumentException("expected the lowercase hex SHA-256 of the previous line or the genesis hash", nameof(previousLineHashOrGenesis));
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var utc = time.ToUniversalTime();
        var millisecond = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return new AuditEntry(millisecond, caller, role, method, target, outcome, reason, previousLineHashOrGenesis, sequence);
    }

    /// <summary>One JSON line, properties always in the order seq, time, caller, role, method, target, outcome, reason, prev.</summary>
    public static string Serialize(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", entry.Sequence);
            writer.WriteString("time", entry.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
            writer.WriteString("caller", entry.Caller);
            writer.WriteString("role", entry.Role);
            writer.WriteString("method", entry.Method);
            writer.WriteString("target", entry.Target);
            writer.WriteString("outcome", entry.Outcome);
            writer.WriteString("reason", entry.Reason); // written as null when absent: every line has the same shape
            writer.WriteString("prev", entry.Previous);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads one line back into an entry; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static AuditEntry Parse(string line) =>
        AuditLineReader.TryRead(line, out var entry, out var problem) ? entry : throw new FormatException(problem);

    /// <summary>Walks one day's lines from the genesis hash and reports the first place the chain breaks.</summary>
    /// <param name="lines">The day file split on '\n'; one empty last line (the final newline) is ignored.</param>
    /// <param name="expectedHead">The writer's own count and last hash; without it, lines cut off the end go unnoticed.</param>
    public static AuditVerification Verify(string site, DateOnly day, IEnumerable<string> lines, AuditHead? expectedHead = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var head = AuditHead.Start(site, day);
        var lineNumber = 0;
        int? emptyLine = null;

        foreach (var line in lines)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                emptyLine ??= lineNumber;
                continue;
            }
            if (emptyLine is { } empty)
                return AuditVerification.Broken(head.Count, empty, $"line {empty}: not a valid audit entry: empty line");

            if (CheckLine(line, lineNumber, head) is { } problem)
                return AuditVerification.Broken(head.Count, lineNumber, problem);
            head = head.Advance(line);
        }

        return expectedHead is null ? AuditVerification.Ok(head.Count) : CompareWithHead(head, expectedHead);
    }

    private static string? CheckLine(string line, int lineNumber, AuditHead head)
    {
        if (!AuditLineReader.TryRead(line, out var entry, out var invalid))
            return $"line {lineNumber}: not a valid audit entry: {invalid}";

        var expectedSequence = head.Count + 1;
        if (!string.Equals(entry.Previous, head.LastHash, StringComparison.Ordinal))
        {
            var what = lineNumber == 1 ? "the genesis hash of the day" : $"the hash of line {lineNumber - 1}";
            var sequence = entry.Sequence == expectedSequence ? "" : $"; its sequence is {entry.Sequence}, expected {expectedSequence}";
            return $"line {lineNumber}: prev does not match {what} (entry edited, inserted or deleted){sequence}";
        }

        return entry.Sequence == expectedSequence
            ? null
            : $"line {lineNumber}: sequence {entry.Sequence}, expected {expectedSequence}";
    }

    private static AuditVerification CompareWithHead(AuditHead actual, AuditHead expected)
    {
        var lastLine = (int)actual.Count;
        if (actual.Count < expected.Count)
        {
            var where = actual.Count == 0 ? "the day has no entries" : $"the day ends at line {lastLine}";
            return AuditVerification.Broken(actual.Count, lastLine + 1,
                $"{where} but the log's head says {expected.Count} entries (entries deleted at the end)");
        }
        if (actual.Count > expected.Count)
        {
            return AuditVerification.Broken(expected.Count, (int)expected.Count + 1,
                $"line {expected.Count + 1}: the log's head says {expected.Count} entries but the day has {actual.Count} (entries appended behind the writer's back)");
        }
        if (actual.Count == 0 && !string.Equals(actual.LastHash, expected.LastHash, StringComparison.Ordinal))
            return AuditVerification.Broken(0, 1, "the log's head is not the genesis hash of this site and day (head of another log)");
        if (!string.Equals(actual.LastHash, expected.LastHash, StringComparison.Ordinal))
        {
            return AuditVerification.Broken(actual.Count - 1, lastLine,
                $"line {lastLine}: does not match the hash in the log's head (last entry edited or replaced)");
        }
        return AuditVerification.Ok(actual.Count);
    }

    internal static bool IsSha256Hex(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    internal static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
