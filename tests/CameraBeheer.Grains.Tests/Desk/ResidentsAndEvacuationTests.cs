using static CameraBeheer.Grains.Tests.Desk.DeskTestKit;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>The residents register (at most 35, nothing medical) and the evacuation list built from the three registers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ResidentsAndEvacuationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Residents_get_ids_r_01_upwards_never_reused_and_a_removed_one_stays_in_the_history()
    {
        var site = OwnSite();
        var anna = await fixture.Residents(site).AddAsync("Anna", "1.07", "Marco");
        var bram = await fixture.Residents(site).AddAsync("Bram", null, "Marco");
        Assert.Equal(("r-01", "r-02", "1.07"), (anna.Id, bram.Id, anna.Room));
        await fixture.Residents(site).RemoveAsync(anna.Id, "Marco");
        Assert.Equal("r-03", (await fixture.Residents(site).AddAsync("Cor", null, "Marco")).Id);
        Assert.Equal(["r-02", "r-03"], (await fixture.Residents(site).ListAsync(false)).Select(r => r.Id));
        Assert.Equal(3, (await fixture.Residents(site).ListAsync(true)).Length);
        await RefusedAsync(() => fixture.Residents(site).RemoveAsync(anna.Id, "Marco"), DeskErrorKind.NotAllowedNow, "id");
        await RefusedAsync(() => fixture.Residents(site).RemoveAsync("r-77", "Marco"), DeskErrorKind.NotFound, "id");
        await RefusedAsync(() => fixture.Residents(site).RemoveAsync("Anna", "Marco"), DeskErrorKind.InvalidArgument, "id");
    }

    [Fact]
    public async Task A_36th_resident_a_second_resident_of_the_same_name_and_bad_fields_are_refused()
    {
        var site = OwnSite();
        for (var i = 0; i < ResidentsGrain.MaxPresent; i++) await fixture.NewResidentAsync(site);
        await RefusedAsync(() => fixture.NewResidentAsync(site), DeskErrorKind.NotAllowedNow, null);

        var other = OwnSite();
        await fixture.Residents(other).AddAsync("Dirk", null, "Marco");
        await RefusedAsync(() => fixture.Residents(other).AddAsync("dirk", null, "Marco"), DeskErrorKind.NotAllowedNow, "name");
        await RefusedAsync(() => fixture.Residents(other).AddAsync("", null, "Marco"), DeskErrorKind.InvalidArgument, "name");
        await RefusedAsync(() => fixture.Residents(other).AddAsync("Eva", new string('1', 21), "Marco"), DeskErrorKind.InvalidArgument, "room");
    }

    [Fact]
    public async Task The_evacuation_list_has_the_residents_present_not_on_time_out_and_the_guests_with_whom_they_visit()
    {
        fixture.MoveClockToLocal(IsSaturday, new TimeOnly(13, 0));
        var site = OwnSite();
        var home = await fixture.NewResidentAsync(site);
        var away = await fixture.NewResidentAsync(site);
        var gone = await fixture.NewResidentAsync(site);
        await fixture.Residents(site).RemoveAsync(gone.Id, "Marco");
        var guest = await fixture.CheckInAsync(site, home.Id, "Ria Jansen");
        var left = await fixture.CheckInAsync(site, home.Id);
        await fixture.Guests(site).CheckOutAsync(left.Id, Staff);
        await fixture.TimeOuts(site).StartAsync(TimeOut(away.Id));

        var list = await EvacuationList.BuildAsync(fixture.Grains, site, fixture.Clock);
        Assert.Equal([home.Id], list.Residents.Select(r => r.Id));
        Assert.Equal([away.Id], list.Away.Select(t => t.Resident));
        Assert.Equal([(guest.Id, "Ria Jansen", home.Id)], list.Guests.Select(v => (v.Id, v.GuestName, v.Visiting)));
    }
}
