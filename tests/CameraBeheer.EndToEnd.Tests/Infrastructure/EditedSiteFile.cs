namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Copies of the real site file with one change, for tests that need a rule or a mistake of their own.</summary>
internal static class EditedSiteFile
{
    /// <summary>A motion rule on the grounds that holds at any hour, so a test does not depend on when it runs.</summary>
    public const string AlwaysOnGroundsRule =
        """{ "id": "test-terrein-altijd", "zones": ["terrein"], "trigger": "motion", "priority": "high", "text": "Test: beweging op het terrein" }""";

    /// <summary>Writes the real site file with <paramref name="find"/> replaced by <paramref name="replacement"/> as <paramref name="name"/> in <paramref name="folder"/>; returns its path.</summary>
    public static async Task<string> WriteAsync(string folder, string name, string find, string replacement)
    {
        var file = Path.Combine(folder, name);
        var json = await File.ReadAllTextAsync(TestPaths.SiteConfig);
        await File.WriteAllTextAsync(file, json.Replace(find, replacement, StringComparison.Ordinal));
        return file;
    }

    /// <summary>Writes the real site file with <paramref name="rule"/> (one JSON object) first among its rules; returns its path.</summary>
    public static Task<string> WithRuleAsync(string folder, string name, string rule) =>
        WriteAsync(folder, name, "\"rules\": [", "\"rules\": [\n    " + rule + ",");
}
