using Microsoft.Extensions.Configuration;

namespace CameraBeheer.Edge.Tests.Configuration;

/// <summary>The agent's broker credentials: a user name and a secret from a file, and an agent id that matches the name.</summary>
public sealed class EdgeCredentialsTests : IDisposable
{
    private const string Gate = """ "Site": "domus-almere-poort", "Gates": [ { "Id": "hoofdingang", "Host": "10.0.0.40", "Port": 4001 } ] """;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edge-credentials-");

    [Fact]
    public void The_flags_set_the_user_name_and_the_password_file()
    {
        var settings = EdgeArguments.Parse(["--user", "edge-poort", "--password-file", "/etc/camerabeheer/edge.secret"]);
        Assert.Equal("edge-poort", settings["Edge:Mqtt:UserName"]);
        Assert.Equal("/etc/camerabeheer/edge.secret", settings["Edge:Mqtt:PasswordFile"]);
    }

    [Fact]
    public void The_secret_is_the_first_line_of_the_file_and_the_agent_is_named_after_the_user()
    {
        var file = Path.Combine(_folder.FullName, "edge.secret");
        File.WriteAllText(file, "s3cr3t-Base64url_x\nignored\n");
        var options = Load($$"""{ "Edge": { {{Gate}}, "Mqtt": { "UserName": "edge-poort", "PasswordFile": "{{file}}" } } }""");
        Assert.Equal("s3cr3t-Base64url_x", options.Mqtt.Password);
        Assert.Equal("edge-poort", options.Agent);
    }

    [Fact]
    public void A_missing_password_file_stops_the_start_with_one_line_naming_it()
    {
        var file = Path.Combine(_folder.FullName, "missing.secret");
        var e = Assert.Throws<EdgeSecretFileException>(() => Load($$"""{ "Edge": { {{Gate}}, "Mqtt": { "UserName": "edge-poort", "PasswordFile": "{{file}}" } } }"""));
        Assert.StartsWith($"Edge:Mqtt:PasswordFile '{file}' cannot be read", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_empty_password_file_is_refused()
    {
        var file = Path.Combine(_folder.FullName, "empty.secret");
        File.WriteAllText(file, "\n");
        var e = Assert.Throws<EdgeSecretFileException>(() => Load($$"""{ "Edge": { {{Gate}}, "Mqtt": { "UserName": "edge-poort", "PasswordFile": "{{file}}" } } }"""));
        Assert.Contains("is empty", e.Message);
    }

    [Theory]
    [InlineData("""{ "UserName": "edge-poort" }""", "", "Edge:Mqtt:UserName is set but there is no secret")]
    [InlineData("""{ "UserName": "edge-poort", "Password": "x" }""", "\"Agent\": \"edge-other\",", "Edge:Agent 'edge-other' is not Edge:Mqtt:UserName 'edge-poort'")]
    public void Inconsistent_credentials_name_the_setting(string mqtt, string agent, string message)
    {
        var e = Assert.Throws<EdgeConfigurationException>(() => Load($$"""{ "Edge": { {{agent}} {{Gate}}, "Mqtt": {{mqtt}} } }"""));
        Assert.Contains(e.Problems, p => p.StartsWith(message, StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static EdgeOptions Load(string json) =>
        EdgeOptionsValidator.Load(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build());
}
