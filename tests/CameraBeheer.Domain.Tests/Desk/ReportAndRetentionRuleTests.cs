using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Desk;

/// <summary>The 72-hour feedback promise on reports, and the 28 days after which the desk's personal data goes.</summary>
public sealed class ReportAndRetentionRuleTests
{
    [Fact]
    public void A_report_is_alerted_after_48_hours_and_due_after_72_across_a_weekend()
    {
        var received = Local(2026, 11, 20, 17, 0); // Friday evening
        Assert.Equal(Local(2026, 11, 22, 17, 0), ReportDeadlines.AlertAt(received));
        Assert.Equal(Local(2026, 11, 23, 17, 0), ReportDeadlines.FeedbackDue(received));
        Assert.Equal(TimeSpan.FromHours(24), ReportDeadlines.TimeLeft(received, Local(2026, 11, 22, 17, 0)));
    }

    [Fact]
    public void The_72_hours_are_real_hours_also_over_the_night_the_clocks_go_back() =>
        Assert.Equal(Utc(2026, 10, 27, 10, 0), ReportDeadlines.FeedbackDue(Utc(2026, 10, 24, 10, 0)));

    [Fact]
    public void Desk_data_that_ended_29_days_ago_is_due_and_27_days_ago_is_not()
    {
        var retention = DeskRetention.For(new RetentionConfig(28));
        var now = Local(2026, 11, 30, 12, 0);
        Assert.True(retention.IsDue(now.AddDays(-29), now));
        Assert.True(retention.IsDue(now.AddDays(-28), now));
        Assert.False(retention.IsDue(now.AddDays(-27), now));
        Assert.False(retention.IsDue(null, now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("Jan\u001b[31m")]
    [InlineData("Jan\u202Eevil")]
    public void An_empty_or_absurd_name_is_refused_naming_the_field(string name) =>
        Assert.Equal("name", Assert.Throws<DeskException>(() => DeskText.Name(name, "name")).Field);

    [Fact]
    public void A_name_over_100_characters_is_refused_and_an_ordinary_one_trimmed()
    {
        Assert.Throws<DeskException>(() => DeskText.Name(new string('a', 101), "name"));
        Assert.Equal("Anne-Marie van 't Hof", DeskText.Name("  Anne-Marie van 't Hof ", "name"));
    }

    [Theory]
    [InlineData("v-0001", true)]
    [InlineData("v-1", true)]
    [InlineData("v-", false)]
    [InlineData("v-12a", false)]
    [InlineData("r-07", false)]
    [InlineData("v-1234567890", false)]
    public void A_visit_id_is_v_dash_digits(string id, bool valid) => Assert.Equal(valid, DeskIds.HasForm(id, DeskIds.Visit));

    [Fact]
    public void Residents_get_two_digit_ids_and_the_rest_four() =>
        Assert.Equal(["r-07", "v-0042", "pn-0003"], [DeskIds.Make(DeskIds.Resident, 7), DeskIds.Make(DeskIds.Visit, 42), DeskIds.Make(DeskIds.Notification, 3)]);
}
