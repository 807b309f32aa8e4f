using System.Text;
using CameraBeheer.Domain.Sites;

namespace CameraBeheer.Fuzz;

/// <summary>
/// Fuzz target "site-file": the text of a site configuration file. The loader's documented answer to a bad file is one
/// <see cref="SiteConfigurationException"/> whose message names the file, the place and the problem; that message is
/// printed at start-up, so it must hold no raw control characters from the file.
/// </summary>
public static class SiteFileTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        // File.ReadAllText as LoadFile uses it: UTF-8, a BOM skipped, invalid bytes replaced.
        using var reader = new StreamReader(new MemoryStream(input.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        try
        {
            SiteConfigurationLoader.Parse(text, "fuzz.json");
        }
        catch (SiteConfigurationException e)
        {
            FuzzFinding.ThrowIfNotPrintable("the site file error", e.Message);
        }
    }
}
