namespace CameraBeheer.Domain.Tests.Accounts;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("jansen", "jansen")]
    [InlineData("Jansen", "jansen")]
    [InlineData("m.de-vries_2", "m.de-vries_2")]
    [InlineData("a1", "a1")]
    public void A_login_is_kept_in_lower_case(string given, string stored) => Assert.Equal(stored, AccountRules.Login(given));

    [Theory]
    [InlineData("", "is required")]
    [InlineData("a", "not a login")]
    [InlineData("-jansen", "not a login")]
    [InlineData(".jansen", "not a login")]
    [InlineData("jan sen", "not a login")]
    [InlineData("jansen\n", "not a login")]
    [InlineData("jan\u0000sen", "not a login")]
    [InlineData("j\u0430nsen", "not a login")] // Cyrillic а looks like a Latin a
    [InlineData("\u212Aees", "not a login")] // the Kelvin sign would lower-case to a Latin k
    [InlineData("jansen\u202E", "not a login")]
    [InlineData("ｊａｎｓｅｎ", "not a login")] // full-width letters
    public void A_login_that_is_not_plain_ascii_or_is_empty_is_refused_naming_the_field(string login, string expected)
    {
        var e = Assert.Throws<AccountException>(() => AccountRules.Login(login));
        Assert.Equal(AccountErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith("login: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain(e.Message, c => char.IsControl(c));
    }

    [Fact]
    public void A_login_longer_than_64_characters_is_refused() =>
        Assert.Contains("longer than 64", Assert.Throws<AccountException>(() => AccountRules.Login(new string('a', 65))).Message);

    [Theory]
    [InlineData("short", "shorter than 12 characters (got 5)")]
    [InlineData("elevenchars", "shorter than 12")]
    [InlineData("", "is required")]
    [InlineData("twelve chars\n", "control characters")]
    [InlineData("twelve\tchars!", "control characters")]
    public void A_password_below_12_characters_or_with_control_characters_is_refused(string password, string expected)
    {
        var e = Assert.Throws<AccountException>(() => AccountRules.NewPassword(password));
        Assert.Equal("password", e.Field);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_password_of_12_to_256_characters_of_any_script_is_accepted()
    {
        Assert.Equal("twelve chars", AccountRules.NewPassword("twelve chars"));
        Assert.Equal(new string('x', 256), AccountRules.NewPassword(new string('x', 256)));
        Assert.Equal("Ünïcødé wachtwoord ✓", AccountRules.NewPassword("Ünïcødé wachtwoord ✓"));
        Assert.Contains("longer than 256", Assert.Throws<AccountException>(() => AccountRules.NewPassword(new string('x', 257))).Message);
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("   ", "is required")]
    [InlineData("Jan\nsen", "control")]
    [InlineData("evil\u202Egnp.exe", "text-direction")]
    [InlineData("1234", "no letters")]
    public void A_display_name_must_be_one_readable_line(string name, string expected) =>
        Assert.Contains(expected, Assert.Throws<AccountException>(() => AccountRules.DisplayName(name)).Message);

    [Fact]
    public void Generated_passwords_pass_the_rules_and_differ()
    {
        var a = InitialPasswords.Generate();
        var b = InitialPasswords.Generate();
        Assert.Equal(a, AccountRules.NewPassword(a));
        Assert.NotEqual(a, b);
        Assert.DoesNotContain(a, c => c is '0' or 'O' or '1' or 'l' or 'I');
    }
}
