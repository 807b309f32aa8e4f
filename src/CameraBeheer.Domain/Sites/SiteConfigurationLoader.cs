using System.Text.Json;
using CameraBeheer.Domain.Sites.Json;

namespace CameraBeheer.Domain.Sites;

/// <summary>Reads and validates a site configuration file; any problem becomes one <see cref="SiteConfigurationException"/> line.</summary>
/// <remarks>
/// The file is JSON with // and /* */ comments allowed, so that the file can say where its values come from
/// (e.g. that school holidays are to be confirmed by the schools). Property names are case-sensitive camelCase;
/// an unknown property is an error rather than ignored, because it is most often a typo that would silently
/// drop a setting.
/// </remarks>
public static class SiteConfigurationLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    public static SiteConfiguration LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SiteConfigurationException(path, null, $"cannot read the site configuration: {e.Message}", e);
        }
        return Parse(json, Path.GetFileName(path));
    }

    public static SiteConfiguration Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            return SiteConfigurationReader.Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw Malformed(fileName, e);
        }
        catch (ConfigProblem problem)
        {
            throw new SiteConfigurationException(fileName, problem.Path, problem.Problem);
        }
    }

    private static SiteConfigurationException Malformed(string fileName, JsonException e)
    {
        // JsonException counts from 0 and repeats the position at the end of its message; people count from 1.
        // The position counts bytes, so it is off by a little on a line with accented letters before the problem.
        var location = $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}";
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
            reason = reason[..cut].TrimEnd();
        reason = reason.Replace(" Change the reader options.", "", StringComparison.Ordinal); // advice for programmers, not for whoever edits the file
        return new SiteConfigurationException(fileName, location, $"malformed JSON: {reason}", e);
    }
}
