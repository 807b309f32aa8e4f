using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Desk;

/// <summary>No time-outs while pupils arrive (08:00–09:30) and leave (15:00–16:30) on school days, by the Domus site file.</summary>
public sealed class TimeOutWindowTests
{
    private static readonly SiteConfiguration Site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);
    private static readonly TimeOutRules Rules = new(Site);

    [Fact]
    public void A_time_out_at_0815_on_a_school_Tuesday_is_refused_naming_the_window_and_the_next_allowed_time()
    {
        var refusal = Rules.WindowRefusal(Local(2026, 11, 17, 8, 15));
        Assert.NotNull(refusal);
        Assert.Equal("no-time-outs-morning", refusal.Window);
        Assert.Equal("no time-outs between 08:00 and 09:30 (pupils arriving); next allowed at 09:30", refusal.Message);
        Assert.Equal(Local(2026, 11, 17, 9, 30), refusal.NextAllowed);
    }

    [Fact]
    public void A_time_out_at_0930_is_allowed_and_at_0800_it_is_refused()
    {
        Assert.Null(Rules.WindowRefusal(Local(2026, 11, 17, 9, 30)));
        Assert.Null(Rules.WindowRefusal(Local(2026, 11, 17, 7, 59, 59)));
        Assert.NotNull(Rules.WindowRefusal(Local(2026, 11, 17, 8, 0)));
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(15, 45)]
    [InlineData(16, 29)]
    public void A_time_out_between_1500_and_1629_is_refused_until_1630(int hour, int minute)
    {
        var refusal = Rules.WindowRefusal(Local(2026, 11, 17, hour, minute));
        Assert.NotNull(refusal);
        Assert.Equal("no time-outs between 15:00 and 16:30 (pupils leaving); next allowed at 16:30", refusal.Message);
        Assert.Null(Rules.WindowRefusal(Local(2026, 11, 17, 16, 30)));
    }

    [Fact]
    public void A_time_out_at_0815_on_a_Saturday_is_allowed() =>
        Assert.Null(Rules.WindowRefusal(Local(2026, 11, 21, 8, 15)));

    [Fact]
    public void A_time_out_at_0815_in_the_Christmas_holiday_is_allowed() =>
        Assert.Null(Rules.WindowRefusal(Local(2026, 12, 22, 8, 15)));

    [Fact]
    public void On_the_Monday_after_summer_time_starts_0815_local_is_refused_and_0930_local_allowed()
    {
        // 2027-03-28 the clocks go forward; Monday 29 March is Tweede Paasdag (a holiday), so the first school day is Tuesday 30 March.
        var at = Utc(2027, 3, 30, 6, 15); // 08:15 CEST
        Assert.Equal("no time-outs between 08:00 and 09:30 (pupils arriving); next allowed at 09:30", Rules.WindowRefusal(at)!.Message);
        Assert.Equal(Utc(2027, 3, 30, 7, 30), Rules.NextAllowed(at));
        Assert.Null(Rules.WindowRefusal(Utc(2027, 3, 30, 7, 30))); // 09:30 CEST
        Assert.NotNull(Rules.WindowRefusal(Utc(2027, 3, 30, 7, 15))); // 09:15 CEST, though 08:15 by the winter offset
        Assert.Null(Rules.WindowRefusal(Utc(2027, 3, 29, 6, 15))); // the Monday itself is a holiday
    }

    [Fact]
    public void On_the_Monday_after_summer_time_ends_the_window_follows_local_time()
    {
        // 2026-10-25 the clocks go back; Monday 26 October is the first school day after the autumn holiday.
        Assert.NotNull(Rules.WindowRefusal(Utc(2026, 10, 26, 7, 15))); // 08:15 CET
        Assert.Equal(Utc(2026, 10, 26, 8, 30), Rules.NextAllowed(Utc(2026, 10, 26, 7, 15))); // 09:30 CET
        Assert.Null(Rules.WindowRefusal(Utc(2026, 10, 26, 8, 30)));
    }

    [Fact]
    public void Across_midnight_a_time_out_is_allowed_and_must_be_back_before_the_next_local_day()
    {
        Assert.Null(Rules.WindowRefusal(Local(2026, 11, 17, 23, 30)));
        var ex = Assert.Throws<DeskException>(() => Rules.CheckDuration(Local(2026, 11, 17, 23, 30), TimeSpan.FromHours(1)));
        Assert.Equal("expected_minutes", ex.Field);
        Assert.Contains("30 minutes are left until midnight", ex.Message, StringComparison.Ordinal);
        Rules.CheckDuration(Local(2026, 11, 18, 0, 30), TimeSpan.FromHours(2));
    }

    [Fact]
    public void A_time_out_lasts_an_hour_or_more()
    {
        var ex = Assert.Throws<DeskException>(() => Rules.CheckDuration(Local(2026, 11, 17, 10, 0), TimeSpan.FromMinutes(59)));
        Assert.Equal(DeskErrorKind.InvalidArgument, ex.Kind);
        Rules.CheckDuration(Local(2026, 11, 17, 10, 0), TimeSpan.FromHours(1));
    }

    [Fact]
    public void The_end_of_day_of_a_time_out_is_local_midnight_also_on_the_night_the_clocks_go_back() =>
        Assert.Equal(Utc(2026, 10, 25, 23, 0), Rules.EndOfDay(Utc(2026, 10, 25, 12, 0)));

    [Fact]
    public void The_Domus_site_file_gives_two_no_time_out_windows_a_2200_night_cut_off_and_two_minutes_at_the_gate()
    {
        Assert.Equal(["no-time-outs-morning", "no-time-outs-afternoon"], Site.Desk.NoTimeOutWindows.Select(w => w.Window));
        Assert.Equal(new TimeOnly(22, 0), Site.Desk.GuestNightCutoff);
        Assert.Equal(TimeSpan.FromMinutes(2), Site.Desk.UnannouncedEntryWindow);
    }

    [Fact]
    public void A_desk_section_naming_an_unknown_window_is_refused_with_its_path()
    {
        var json = File.ReadAllText(RepositoryFiles.DomusSiteFile).Replace("\"window\": \"no-time-outs-morning\"", "\"window\": \"no-such-window\"", StringComparison.Ordinal);
        var ex = Assert.Throws<SiteConfigurationException>(() => SiteConfigurationLoader.Parse(json, "domus.json"));
        Assert.Contains("$.desk.noTimeOutWindows[0].window", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_file_without_a_desk_section_refuses_no_time_out()
    {
        var bare = Site with { Desk = DeskConfig.Default };
        Assert.Null(new TimeOutRules(bare).WindowRefusal(Local(2026, 11, 17, 8, 15)));
    }
}
