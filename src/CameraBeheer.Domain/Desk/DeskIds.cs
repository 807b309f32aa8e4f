using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Domain.Desk;

/// <summary>The ids the desk hands out: short, readable over the phone, numbered per site and never reused.</summary>
public static class DeskIds
{
    public const string Resident = "r";
    public const string Visit = "v";
    public const string TimeOut = "t";
    public const string Notification = "pn";
    public const string Report = "rp";

    /// <summary><c>r-07</c>, <c>v-0042</c>: residents get two digits (at most 35 live at Domus), the rest four.</summary>
    public static string Make(string prefix, long number) =>
        prefix == Resident ? $"{prefix}-{number:00}" : $"{prefix}-{number:0000}";

    /// <summary>True when <paramref name="id"/> has the form of an id with <paramref name="prefix"/>: the prefix, '-', 1 to 9 digits.</summary>
    public static bool HasForm(string? id, string prefix) =>
        id is not null && id.Length > prefix.Length + 1 && id.Length <= prefix.Length + 10
        && id.StartsWith(prefix + "-", StringComparison.Ordinal) && id[(prefix.Length + 1)..].All(char.IsAsciiDigit);

    /// <summary>Checks the form of an id a caller gave, naming the field when it is wrong.</summary>
    public static string Require(string? id, string prefix, string field, string example)
    {
        if (string.IsNullOrEmpty(id)) throw DeskException.Invalid(field, $"{field}: is required");
        return HasForm(id, prefix) ? id : throw DeskException.Invalid(field, $"{field}: '{Excerpt(id)}' is not an id of the form {example}");
    }

    private static string Excerpt(string text) => Printable.Excerpt(text, 30);
}
