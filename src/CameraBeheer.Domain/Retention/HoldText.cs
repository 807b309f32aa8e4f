using System.Globalization;
using System.Text;

namespace CameraBeheer.Domain.Retention;

/// <summary>The checks and wording shared by a legal hold's free-text fields and messages.</summary>
internal static class HoldText
{
    public const int MaxNameLength = 100;

    /// <summary>The value without surrounding white space, or a <see cref="LegalHoldException"/> in words.</summary>
    /// <param name="whatToGive">What the person should fill in, e.g. "say why the footage must be kept".</param>
    public static string Required(string? value, string field, string label, int maxLength, string whatToGive)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new LegalHoldException(field, $"{label} is required: {whatToGive}");
        if (trimmed.Length > maxLength)
            throw new LegalHoldException(field, $"{label} may be at most {maxLength} characters; this one has {trimmed.Length}");

        var position = FirstNonPrintable(trimmed);
        if (position >= 0)
        {
            throw new LegalHoldException(
                field,
                $"{label} may contain only printable text, no line breaks, tabs or other invisible characters; found {CodePointAt(trimmed, position)} at position {position + 1}");
        }
        return trimmed;
    }

    /// <summary>An instant as a manager reads it in a message: minutes, marked UTC.</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A span in words: "104 days", "90 days and 1 hour", "2 hours, 5 minutes and 1 second".</summary>
    public static string Span(TimeSpan span)
    {
        var parts = new List<string>();
        Add(parts, (int)span.TotalDays, "day");
        Add(parts, span.Hours, "hour");
        Add(parts, span.Minutes, "minute");
        Add(parts, span.Seconds, "second");
        return parts.Count switch
        {
            0 => "less than a second",
            1 => parts[0],
            _ => $"{string.Join(", ", parts[..^1])} and {parts[^1]}",
        };
    }

    // Line breaks would split a row of the retention report or the audit log, and invisible characters (such as a
    // right-to-left override) can make a reference read differently on screen from what is stored and searched.
    private static int FirstNonPrintable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!Rune.TryGetRuneAt(value, i, out var rune) || !IsPrintable(rune))
                return i;
            i += rune.Utf16SequenceLength - 1;
        }
        return -1;
    }

    private static bool IsPrintable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is not (
            UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned);

    private static string CodePointAt(string value, int index) =>
        Rune.TryGetRuneAt(value, index, out var rune) ? $"U+{rune.Value:X4}" : $"U+{(int)value[index]:X4}";

    private static void Add(List<string> parts, int count, string unit)
    {
        if (count != 0)
            parts.Add(count == 1 ? $"1 {unit}" : $"{count} {unit}s");
    }
}
