namespace CameraBeheer.Cli.Input;

/// <summary>An option whose value must be one of a few fixed words; the refusal names the option and lists them all.</summary>
internal static class Choice
{
    public static string Require(string? value, string option, IReadOnlyCollection<string> allowed) =>
        value is not null && allowed.Contains(value)
            ? value
            : throw new UsageException($"{option}: '{Display.Clean(value)}' is not one of {string.Join(", ", allowed)}");
}
