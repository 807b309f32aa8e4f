namespace CameraBeheer.Domain.FootageRequests;

/// <summary>
/// A police case number (e.g. <c>PL0900-2026123456</c>, <c>2026/0412</c>): 3 to 40 letters, digits and the separators
/// <c>- / . _</c> and spaces, with at least one digit. Strict on purpose: it names the case on the evidence package and
/// in file names a court will read, so a case number made of punctuation, markup or 500 characters is a mistake, not data.
/// </summary>
public static class CaseNumber
{
    public const int MaxLength = 40;

    public static string Check(string? value)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw FootageRequestException.Invalid("case", "the police case number is required");
        if (trimmed.Length is < 3 or > MaxLength)
            throw FootageRequestException.Invalid("case", $"a case number has 3 to {MaxLength} characters; '{FootageRequestText.Excerpt(trimmed)}' has {trimmed.Length}");
        var bad = trimmed.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.' or '_' or ' '));
        if (bad != default)
            throw FootageRequestException.Invalid("case", $"'{FootageRequestText.Excerpt(trimmed)}' is not a case number: only letters, digits, '-', '/', '.', '_' and spaces (found '{FootageRequestText.Excerpt(bad.ToString())}')");
        if (!trimmed.Any(char.IsAsciiDigit))
            throw FootageRequestException.Invalid("case", $"'{FootageRequestText.Excerpt(trimmed)}' is not a case number: it has no digits");
        return trimmed;
    }
}
