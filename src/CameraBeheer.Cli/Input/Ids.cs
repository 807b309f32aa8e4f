using System.Text.RegularExpressions;

namespace CameraBeheer.Cli.Input;

/// <summary>Site, camera and other ids of contract v1: <c>[a-z0-9][a-z0-9-]{0,63}</c>.</summary>
internal static partial class Ids
{
    public const string Pattern = "lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters";

    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Checks an id the user typed before it is sent anywhere.</summary>
    public static string Require(string? id, string what)
    {
        if (IsValid(id)) return id!;
        throw new UsageException($"{what}: '{Output.Display.Clean(id ?? "")}' is not a valid id; use {Pattern}");
    }

    // \z rather than $: $ would let a trailing newline through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
