using static CameraBeheer.Grains.Tests.Desk.DeskTestKit;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>The guest register: who is on site, durable across restarts, with clear refusals and overdue alerts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GuestRegisterTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Twenty_parallel_check_ins_and_five_check_outs_leave_the_on_site_list_right_across_restarts()
    {
        fixture.MoveClockToFreshDay(TimeSpan.FromHours(12));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var visits = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => fixture.CheckInAsync(site, resident.Id, $"Gast nummer {Letters()}")));
        Assert.Equal(20, visits.Select(v => v.Id).Distinct().Count());

        await fixture.RestartAsync();
        Assert.Equal(visits.Select(v => v.Id).Order(), (await fixture.Guests(site).OnSiteAsync()).Select(v => v.Id).Order());

        await Task.WhenAll(visits.Take(5).Select(v => fixture.Guests(site).CheckOutAsync(v.Id, Staff)));
        await fixture.RestartAsync();
        var onSite = await fixture.Guests(site).OnSiteAsync();
        Assert.Equal(visits.Skip(5).Select(v => v.Id).Order(), onSite.Select(v => v.Id).Order());
        Assert.All(onSite, v => Assert.Equal(resident.Name, v.ResidentName));

        var now = fixture.Clock.GetUtcNow();
        var history = await fixture.Guests(site).HistoryAsync(now.AddHours(-1), now.AddHours(1));
        Assert.Equal(20, history.Length);
        Assert.Equal(5, history.Count(v => v.CheckedOutAt is not null));
    }

    [Fact]
    public async Task A_check_in_and_a_time_out_are_stored_before_the_desk_hears_of_them()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(11, 0));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var visit = await fixture.CheckInAsync(site, resident.Id);
        var timeOut = await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id));

        Assert.Contains(visit.Id, await StoredAsync("guestregister", site, "guests"), StringComparison.Ordinal);
        var stored = await StoredAsync("timeout", site, "timeouts");
        Assert.Contains(timeOut.Id, stored, StringComparison.Ordinal);
        Assert.Contains(timeOut.NotificationId, stored, StringComparison.Ordinal);
    }

    /// <summary>The stored state of a grain type for the site, read from the blob store itself (not from the grain).</summary>
    private async Task<string> StoredAsync(string grainType, string site, string stateName)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var blob in fixture.Store.ListAsync($"state/{grainType}/", TestContext.Current.CancellationToken))
        {
            if (!blob.Name.Contains(site, StringComparison.Ordinal) || !blob.Name.Contains(stateName, StringComparison.Ordinal)) continue;
            var content = await fixture.Store.GetAsync(blob.Name, TestContext.Current.CancellationToken);
            text.Append(System.Text.Encoding.UTF8.GetString(content!.Content.Span));
        }
        return text.ToString();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("1234")]
    [InlineData("Jan\u0007")]
    public async Task An_empty_or_absurd_guest_name_is_refused_naming_the_field(string name)
    {
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        await RefusedAsync(() => fixture.CheckInAsync(site, resident.Id, name), DeskErrorKind.InvalidArgument, "guest_name");
    }

    [Fact]
    public async Task A_check_in_for_an_unknown_or_malformed_resident_is_refused_naming_visiting()
    {
        var site = OwnSite();
        await RefusedAsync(() => fixture.CheckInAsync(site, "r-99"), DeskErrorKind.NotFound, "visiting");
        await RefusedAsync(() => fixture.CheckInAsync(site, "kamer 7"), DeskErrorKind.InvalidArgument, "visiting");
        await RefusedAsync(() => fixture.CheckInAsync(site, ""), DeskErrorKind.InvalidArgument, "visiting");
    }

    [Fact]
    public async Task A_guest_already_on_site_is_refused_naming_the_open_visit()
    {
        fixture.MoveClockToFreshDay(TimeSpan.FromHours(12));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var first = await fixture.CheckInAsync(site, resident.Id, "Piet de Vries");
        var e = await RefusedAsync(() => fixture.CheckInAsync(site, resident.Id, "piet de vries"), DeskErrorKind.NotAllowedNow, "guest_name");
        Assert.Contains(first.Id, e.Message, StringComparison.Ordinal);

        await fixture.Guests(site).CheckOutAsync(first.Id, Staff);
        Assert.NotEqual(first.Id, (await fixture.CheckInAsync(site, resident.Id, "Piet de Vries")).Id);
    }

    [Fact]
    public async Task Checking_out_an_unknown_or_closed_visit_is_refused_naming_the_visit()
    {
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var visit = await fixture.CheckInAsync(site, resident.Id);
        await fixture.Guests(site).CheckOutAsync(visit.Id, Staff);
        await RefusedAsync(() => fixture.Guests(site).CheckOutAsync(visit.Id, Staff), DeskErrorKind.NotAllowedNow, "visit");
        await RefusedAsync(() => fixture.Guests(site).CheckOutAsync("v-9999", Staff), DeskErrorKind.NotFound, "visit");
        await RefusedAsync(() => fixture.Guests(site).CheckOutAsync("9999", Staff), DeskErrorKind.InvalidArgument, "visit");
    }

    [Fact]
    public async Task A_leave_time_before_now_is_refused_naming_expected_leave()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(12));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        await RefusedAsync(() => fixture.CheckInAsync(site, resident.Id, until: now.AddMinutes(-5)), DeskErrorKind.InvalidArgument, "expected_leave");
    }

    [Fact]
    public async Task A_check_in_while_the_visited_resident_is_on_time_out_is_refused()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(11, 0));
        var site = OwnSite();
        var resident = await fixture.NewResidentAsync(site);
        var timeOut = await fixture.TimeOuts(site).StartAsync(TimeOut(resident.Id));
        var e = await RefusedAsync(() => fixture.CheckInAsync(site, resident.Id), DeskErrorKind.NotAllowedNow, "visiting");
        Assert.Contains(timeOut.Id, e.Message, StringComparison.Ordinal);

        await fixture.TimeOuts(site).EndAsync(timeOut.Id, Staff);
        await fixture.CheckInAsync(site, resident.Id);
    }

    [Fact]
    public async Task An_overdue_guest_raises_the_alert_at_the_expected_leave_time_and_at_the_night_cut_off_not_before()
    {
        var checkIn = fixture.MoveClockToLocal(_ => true, new TimeOnly(14, 0));
        var site = AlertTestKit.Site;
        var resident = await fixture.NewResidentAsync(site);
        var leave = checkIn.AddHours(2);
        var visit = await fixture.CheckInAsync(site, resident.Id, until: leave);
        var guests = fixture.Guests(site);

        await fixture.AdvanceAndWaitForTimersAsync(leave - checkIn - TimeSpan.FromSeconds(1), guests.OnSiteAsync);
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.GuestOverdue.Id, visit.Id));
        Assert.Null((await guests.OnSiteAsync()).Single(v => v.Id == visit.Id).OverdueSince);

        await fixture.AdvanceAndWaitForTimersAsync(GuestRegisterGrain.OverdueCheckInterval, guests.OnSiteAsync);
        var atLeave = Assert.Single(await fixture.AlertsAboutAsync(WorkflowRules.GuestOverdue.Id, visit.Id));
        Assert.Equal(leave, atLeave.FirstSeen);
        Assert.Equal(leave, (await guests.OnSiteAsync()).Single(v => v.Id == visit.Id).OverdueSince);

        var cutoff = checkIn.AddHours(8); // 22:00 local
        await fixture.AdvanceAndWaitForTimersAsync(cutoff - fixture.Clock.GetUtcNow() - TimeSpan.FromSeconds(1), guests.OnSiteAsync);
        Assert.Single(await fixture.AlertsAboutAsync(WorkflowRules.GuestOverdue.Id, visit.Id));
        await fixture.AdvanceAndWaitForTimersAsync(GuestRegisterGrain.OverdueCheckInterval, guests.OnSiteAsync);
        var alerts = await fixture.AlertsAboutAsync(WorkflowRules.GuestOverdue.Id, visit.Id);
        Assert.Contains(alerts, a => a.FirstSeen == cutoff);
        await guests.CheckOutAsync(visit.Id, Staff);
    }

    [Fact]
    public async Task A_guest_who_left_in_time_raises_no_alert()
    {
        var checkIn = fixture.MoveClockToLocal(_ => true, new TimeOnly(14, 0));
        var site = AlertTestKit.Site;
        var resident = await fixture.NewResidentAsync(site);
        var visit = await fixture.CheckInAsync(site, resident.Id, until: checkIn.AddHours(1));
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromMinutes(50), fixture.Guests(site).OnSiteAsync);
        await fixture.Guests(site).CheckOutAsync(visit.Id, Staff);
        await fixture.AdvanceAndWaitForTimersAsync(TimeSpan.FromHours(9), fixture.Guests(site).OnSiteAsync);
        Assert.Empty(await fixture.AlertsAboutAsync(WorkflowRules.GuestOverdue.Id, visit.Id));
    }
}
