using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CameraBeheer.Domain.Audit;

/// <summary>Reads one audit line strictly: every field present with the right type, or a reason why not.</summary>
internal static class AuditLineReader
{
    public static bool TryRead(string line, [NotNullWhen(true)] out AuditEntry? entry, [NotNullWhen(false)] out string? problem)
    {
        entry = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            entry = Read(document.RootElement);
            problem = null;
            return true;
        }
        catch (JsonException e)
        {
            problem = $"malformed JSON ({Shorten(e.Message)})";
        }
        catch (FormatException e)
        {
            problem = e.Message;
        }
        return false;
    }

    private static AuditEntry Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException("expected a JSON object");

        var sequence = Property(root, "seq", JsonValueKind.Number);
        if (!sequence.TryGetInt64(out var seq) || seq < 1)
            throw new FormatException($"'seq' must be a whole number of 1 or more, found {sequence.GetRawText()}");

        var timeText = String(root, "time");
        if (!AuditChain.TryParseTime(timeText, out var time))
            throw new FormatException($"'time' must be RFC 3339 UTC with milliseconds, found '{timeText}'");

        var previous = String(root, "prev");
        if (!AuditChain.IsSha256Hex(previous))
            throw new FormatException("'prev' must be a lowercase hex SHA-256");

        return new AuditEntry(
            time,
            String(root, "caller"),
            String(root, "role"),
            String(root, "method"),
            String(root, "target"),
            String(root, "outcome"),
            OptionalString(root, "reason"),
            previous,
            seq);
    }

    private static JsonElement Property(JsonElement root, string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new FormatException($"missing '{name}'");
        return value.ValueKind == kind ? value : throw new FormatException($"'{name}' must be {Describe(kind)}");
    }

    private static string String(JsonElement root, string name) => Property(root, name, JsonValueKind.String).GetString()!;

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"'{name}' must be a string or null");
    }

    private static string Describe(JsonValueKind kind) => kind == JsonValueKind.Number ? "a number" : "a string";

    private static string Shorten(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}
