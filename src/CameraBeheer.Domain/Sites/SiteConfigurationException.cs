namespace CameraBeheer.Domain.Sites;

/// <summary>A site configuration file that cannot be used; the message is one line naming the file, the place and the problem.</summary>
public sealed class SiteConfigurationException : Exception
{
    public SiteConfigurationException(string fileName, string? location, string problem, Exception? inner = null)
        : base(location is null ? $"{fileName}: {problem}" : $"{fileName}: {location}: {problem}", inner)
    {
        FileName = fileName;
        Location = location;
        Problem = problem;
    }

    public string FileName { get; }

    /// <summary>The JSON path (e.g. <c>$.zones[3].feeds[0].camera</c>), or "line L, position P" for malformed JSON; null when the file could not be read.</summary>
    public string? Location { get; }

    public string Problem { get; }
}
