using System.Text.RegularExpressions;

namespace CameraBeheer.Cli.Input;

/// <summary>The desk's ids as typed: a prefix, '-', digits (<c>r-07</c>, <c>v-0042</c>, <c>t-0003</c>, <c>pn-0003</c>, <c>rp-0001</c>).</summary>
internal static partial class DeskIds
{
    public static string Require(string? id, string prefix, string what, string example)
    {
        var value = (id ?? "").Trim();
        if (DeskId().Match(value) is { Success: true } m && m.Groups[1].Value == prefix) return value;
        throw new UsageException($"{what}: '{Output.Display.Clean(value)}' is not an id of the form {example}");
    }

    [GeneratedRegex(@"^([a-z]{1,2})-[0-9]{1,9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DeskId();
}
