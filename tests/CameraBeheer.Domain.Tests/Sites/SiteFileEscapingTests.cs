namespace CameraBeheer.Domain.Tests.Sites;

/// <summary>A site file's error is printed at start-up and logged: what it quotes from the file has its control characters escaped.</summary>
public sealed class SiteFileEscapingTests
{
    [Theory]
    [InlineData("{\"si\\u001b[2Jte\":1}", "unknown property")]
    [InlineData("{\"site\":1,\"a\\u0007\":", "malformed JSON")]
    public void A_site_file_error_quoting_control_characters_is_escaped(string json, string mentions)
    {
        var error = Assert.Throws<SiteConfigurationException>(() => SiteConfigurationLoader.Parse(json, "site.json"));

        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
        Assert.DoesNotContain(error.Problem, char.IsControl);
        Assert.DoesNotContain(error.Location ?? "", char.IsControl);
    }

    [Fact]
    public void A_value_quoted_from_the_real_site_file_is_escaped_in_its_error()
    {
        var json = File.ReadAllText(RepositoryFiles.DomusSiteFile)
            .Replace("\"id\": \"domus-almere-poort\"", "\"id\": \"x\\u001b[31m\\nINFO forged\"", StringComparison.Ordinal);

        var error = Assert.Throws<SiteConfigurationException>(() => SiteConfigurationLoader.Parse(json, "domus-almere-poort.json"));

        Assert.Equal("domus-almere-poort.json: $.site.id: 'x\\u001b[31m\\u000aINFO forged' is not a valid site id", error.Message[..error.Message.IndexOf(" (", StringComparison.Ordinal)]);
    }

    [Fact]
    public void The_escaped_error_still_shows_what_the_file_held()
    {
        var error = Assert.Throws<SiteConfigurationException>(() => SiteConfigurationLoader.Parse("{\"si\\u001b[2Jte\":1}", "site.json"));

        Assert.Contains("si\\u001b[2Jte", error.Message, StringComparison.Ordinal);
    }
}
