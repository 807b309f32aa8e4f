using System.IdentityModel.Tokens.Jwt;
using CameraBeheer.Contracts.Auth;

namespace CameraBeheer.Cli.Tests;

public sealed class TokenIssueCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("camerabeheer-cli-").FullName;

    public TokenIssueCommandTests() => SigningKeyFile.LoadOrCreate(_data);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private Task<CliRun> IssueAsync(params string[] options) => Cli.RunAsync(["token", "issue", "--data", _data, .. options]);

    [Fact]
    public async Task Token_issue_prints_only_the_token_on_one_line()
    {
        var run = await IssueAsync("--role", "police", "--name", "J. de Vries");

        Assert.Equal(0, run.ExitCode);
        // The note goes to stderr, so $(...) still captures the token alone.
        Assert.StartsWith("bootstrap token for J. de Vries (police) until ", Assert.Single(run.ErrorLines));
        Assert.Contains("the administrator's key on the server machine", run.Error);
        var line = Assert.Single(run.OutLines);
        var jwt = new JwtSecurityTokenHandler { MapInboundClaims = false }.ReadJwtToken(line);
        Assert.Equal("police", jwt.Claims.Single(c => c.Type == TokenContract.RoleClaim).Value);
        Assert.Equal("J. de Vries", jwt.Claims.Single(c => c.Type == TokenContract.NameClaim).Value);
        Assert.Equal("true", jwt.Claims.Single(c => c.Type == TokenContract.BootstrapClaim).Value);
        Assert.Equal(SigningKeyRing.KeyId(SigningKeyFile.Load(_data)), jwt.Header.Kid);
        Assert.Equal(Cli.Now.AddHours(8).UtcDateTime, jwt.ValidTo);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("7d", 7 * 24 * 3600)]
    [InlineData("31d", 31 * 24 * 3600)]
    [InlineData("01:00:00", 3600)]
    public async Task Valid_accepts_short_and_clock_forms(string valid, int seconds)
    {
        var run = await IssueAsync("--role", "staff", "--name", "x", "--valid", valid);

        Assert.Equal(0, run.ExitCode);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(Assert.Single(run.OutLines));
        Assert.Equal(Cli.Now.AddSeconds(seconds).UtcDateTime, jwt.ValidTo);
    }

    [Theory]
    [InlineData("--role", "visitor", "operator, police, staff, manager, admin")]
    [InlineData("--role", "Police", "--role")]
    [InlineData("--name", "", "--name")]
    [InlineData("--name", "   ", "--name")]
    [InlineData("--name", "a\nb", "control characters")]
    [InlineData("--name", "a\u001b[31mb", "control characters")]
    [InlineData("--name", "evil\u202Egnp.exe", "control characters")]
    [InlineData("--valid", "0h", "more than zero")]
    [InlineData("--valid", "00:00:00", "more than zero")]
    [InlineData("--valid", "-01:00:00", "more than zero")]
    [InlineData("--valid", "40d", "at most 31 days")]
    [InlineData("--valid", "99999999999999999999d", "not a duration")]
    [InlineData("--valid", "abc", "90s, 30m, 8h, 7d")]
    [InlineData("--valid", "8", "not a duration")]
    public async Task Bad_option_is_refused_with_a_message_naming_it(string option, string value, string expected)
    {
        string[] defaults = ["--role", "police", "--name", "J. de Vries"];
        var index = Array.IndexOf(defaults, option);
        string[] args = index >= 0 ? [.. defaults[..index], option, value, .. defaults[(index + 2)..]] : [.. defaults, option, value];

        var run = await IssueAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: {option}", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain('\u001b', run.Error); // the char overload: string overloads compare culturally and ignore control characters
    }

    [Fact]
    public async Task Name_longer_than_100_characters_is_refused()
    {
        var run = await IssueAsync("--role", "police", "--name", new string('a', 101));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at most 100", run.Error);
    }

    [Fact]
    public async Task Missing_key_file_is_reported_with_its_path()
    {
        var empty = Path.Combine(_data, "elsewhere");

        var run = await Cli.RunAsync("token", "issue", "--role", "police", "--name", "x", "--data", empty);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains(SigningKeyFile.PathIn(empty), Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Missing_role_is_a_usage_error()
    {
        var run = await IssueAsync("--name", "x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--role", run.Error);
        Assert.Equal("", run.Out);
    }
}
