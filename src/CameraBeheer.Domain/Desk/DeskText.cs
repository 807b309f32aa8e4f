namespace CameraBeheer.Domain.Desk;

/// <summary>The checks on what staff type at the desk: names of people and organisations, and free text.</summary>
public static class DeskText
{
    public const int MaxNameLength = 100;
    public const int MaxTextLength = 1000;

    /// <summary>A person's or organisation's name: trimmed, 1 to 100 characters, at least one letter, no control characters.</summary>
    public static string Name(string? value, string field)
    {
        var name = (value ?? "").Trim();
        if (name.Length == 0) throw DeskException.Invalid(field, $"{field}: is required");
        if (name.Length > MaxNameLength) throw DeskException.Invalid(field, $"{field}: is longer than {MaxNameLength} characters");
        if (name.Any(IsUnsafe)) throw DeskException.Invalid(field, $"{field}: contains control or direction characters");
        if (!name.Any(char.IsLetter)) throw DeskException.Invalid(field, $"{field}: '{name}' has no letters; give the name as on the ID");
        return name;
    }

    /// <summary>Free text such as a reason or feedback: trimmed, required unless <paramref name="optional"/>, at most 1000 characters, line breaks allowed.</summary>
    public static string Text(string? value, string field, bool optional = false)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0 && !optional) throw DeskException.Invalid(field, $"{field}: is required");
        if (text.Length > MaxTextLength) throw DeskException.Invalid(field, $"{field}: is longer than {MaxTextLength} characters");
        if (text.Any(c => c is not ('\n' or '\r' or '\t') && IsUnsafe(c))) throw DeskException.Invalid(field, $"{field}: contains control or direction characters");
        return text;
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is '\u200E' or '\u200F';
}
