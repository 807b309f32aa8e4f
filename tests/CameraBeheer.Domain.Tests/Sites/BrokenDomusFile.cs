using System.Text.Json.Nodes;

namespace CameraBeheer.Domain.Tests.Sites;

/// <summary>
/// The real Domus site file for the tests that break it in one place: the file name the messages quote, its text,
/// and the loader's answer to an edited copy. A refusal must stay one line, whatever the test checks beside.
/// </summary>
internal static class BrokenDomusFile
{
    public const string FileName = "domus-almere-poort.json";

    public static readonly string RealJson = File.ReadAllText(RepositoryFiles.DomusSiteFile);

    public static SiteConfiguration Parse(Action<JsonObject> edit) => SiteConfigurationLoader.Parse(Edit(edit), FileName);

    public static SiteConfigurationException Rejects(Action<JsonObject> edit) => Rejects(Edit(edit));

    public static SiteConfigurationException Rejects(string json)
    {
        var error = Assert.Throws<SiteConfigurationException>(() => SiteConfigurationLoader.Parse(json, FileName));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    /// <summary>The real file with <paramref name="edit"/> applied; comments are skipped, as the loader does.</summary>
    public static string Edit(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(RealJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        edit(root);
        return root.ToJsonString();
    }
}
