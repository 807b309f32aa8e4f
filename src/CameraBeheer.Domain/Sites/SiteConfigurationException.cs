using CameraBeheer.Contracts.Text;

namespace CameraBeheer.Domain.Sites;

/// <summary>A site configuration file that cannot be used; the message is one line naming the file, the place and the problem.</summary>
/// <remarks>The place and the problem quote the file (property names, values, what System.Text.Json read), and the
/// message is printed at start-up and logged: control characters from the file are escaped and lengths bounded here,
/// so that no caller has to remember it.</remarks>
public sealed class SiteConfigurationException : Exception
{
    public SiteConfigurationException(string fileName, string? location, string problem, Exception? inner = null)
        : base(Compose(Safe(fileName, 260), Safe(location, 200), Safe(problem, 600)), inner)
    {
        FileName = Safe(fileName, 260)!;
        Location = Safe(location, 200);
        Problem = Safe(problem, 600)!;
    }

    public string FileName { get; }

    /// <summary>The JSON path (e.g. <c>$.zones[3].feeds[0].camera</c>), or "line L, position P" for malformed JSON; null when the file could not be read.</summary>
    public string? Location { get; }

    public string Problem { get; }

    private static string Compose(string? fileName, string? location, string? problem) =>
        location is null ? $"{fileName}: {problem}" : $"{fileName}: {location}: {problem}";

    private static string? Safe(string? text, int maxChars) => text is null ? null : Printable.Excerpt(text, maxChars);
}
