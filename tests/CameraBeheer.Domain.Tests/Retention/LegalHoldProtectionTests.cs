using System.Text.RegularExpressions;
using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Retention;

/// <summary>What an active hold protects: its cameras, over the half-open period [From, To), until it expires or is released.</summary>
public sealed class LegalHoldProtectionTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 5, 10, 12, 0);

    [Fact]
    public void A_hold_over_part_of_an_hour_keeps_exactly_the_segments_that_overlap_it()
    {
        var hold = Holds.Place(from: Utc(2026, 5, 1, 14, 10), to: Utc(2026, 5, 1, 14, 20));

        var kept = Holds.Segments(Utc(2026, 5, 1, 14, 0)).Where(s => hold.Protects("cam-01", s.Start, s.End, Now)).ToList();

        Assert.Equal(60, kept.Count);
        Assert.Equal(Utc(2026, 5, 1, 14, 10), kept[0].Start);
        Assert.Equal(Utc(2026, 5, 1, 14, 20), kept[^1].End);
    }

    [Fact]
    public void Segments_touching_the_ends_of_the_held_period_are_not_protected()
    {
        var hold = Holds.Place(from: Utc(2026, 5, 1, 14, 10), to: Utc(2026, 5, 1, 14, 20));

        Assert.False(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 9, 50), Utc(2026, 5, 1, 14, 10), Now));
        Assert.False(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 20), Utc(2026, 5, 1, 14, 20, 10), Now));
        Assert.True(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 9, 55), Utc(2026, 5, 1, 14, 10, 5), Now));
        Assert.True(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 19, 55), Utc(2026, 5, 1, 14, 20, 5), Now));
    }

    [Fact]
    public void An_instantaneous_event_is_protected_from_the_start_of_the_held_period_up_to_but_not_at_its_end()
    {
        var hold = Holds.Place(from: Utc(2026, 5, 1, 14, 10), to: Utc(2026, 5, 1, 14, 20));

        Assert.True(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 10), Utc(2026, 5, 1, 14, 10), Now));
        Assert.False(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 20), Utc(2026, 5, 1, 14, 20), Now));
    }

    [Fact]
    public void A_released_hold_protects_nothing()
    {
        var releasedAt = Utc(2026, 5, 12, 8, 0);
        var hold = Holds.Place().Release("M. Jansen", "Zaak geseponeerd", releasedAt);

        Assert.False(hold.IsActive(releasedAt));
        Assert.False(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), releasedAt));
        Assert.True(hold.IsActive(releasedAt.AddSeconds(-1))); // what it did before, for the report
    }

    [Fact]
    public void An_expired_hold_protects_nothing()
    {
        var hold = Holds.Place(expires: Utc(2026, 6, 1, 0, 0));

        Assert.True(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), Utc(2026, 5, 31, 23, 59, 59)));
        Assert.False(hold.Protects("cam-01", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), Utc(2026, 6, 1, 0, 0)));
        Assert.False(hold.IsActive(Utc(2026, 6, 1, 0, 0)));
    }

    [Fact]
    public void A_hold_on_cam_01_does_not_protect_cam_02()
    {
        var hold = Holds.Place(cameras: ["cam-01"]);

        Assert.False(hold.Protects("cam-02", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), Now));
    }

    [Fact]
    public void A_hold_protects_each_camera_it_lists()
    {
        var hold = Holds.Place(cameras: ["cam-01", "dome-04"]);

        Assert.True(hold.Protects("dome-04", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), Now));
        Assert.False(hold.Protects("CAM-01", Utc(2026, 5, 1, 14, 15), Utc(2026, 5, 1, 14, 15, 10), Now));
    }

    [Fact]
    public void An_item_that_ends_before_it_starts_is_a_programming_error()
    {
        var hold = Holds.Place();

        Assert.Throws<ArgumentException>(() => hold.Protects("cam-01", Utc(2026, 5, 1, 14, 15, 10), Utc(2026, 5, 1, 14, 15), Now));
    }

    [Fact]
    public void A_hold_id_is_hold_the_year_and_twelve_random_hex_digits()
    {
        var first = Holds.Place();
        var second = Holds.Place();

        Assert.Matches(new Regex("^hold-2026-[0-9a-f]{12}$"), first.Id);
        Assert.True(Ids.IsValid(first.Id));
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void Placing_stores_utc_instants_and_trimmed_text()
    {
        var twoHoursAhead = TimeSpan.FromHours(2);
        var hold = LegalHold.Place(
            "domus-almere-poort",
            ["cam-01"],
            new DateTimeOffset(2026, 5, 1, 16, 10, 0, twoHoursAhead),
            new DateTimeOffset(2026, 5, 1, 16, 20, 0, twoHoursAhead),
            LegalHoldKind.PoliceRequest,
            "  Inbraak  ",
            " PL0900-2026123456 ",
            " J. de Vries ",
            new DateTimeOffset(2026, 5, 4, 11, 0, 0, twoHoursAhead),
            new DateTimeOffset(2026, 6, 4, 11, 0, 0, twoHoursAhead));

        Assert.Equal((Utc(2026, 5, 1, 14, 10), TimeSpan.Zero), (hold.From, hold.From.Offset));
        Assert.Equal(TimeSpan.Zero, hold.Expires.Offset);
        Assert.Equal(("Inbraak", "PL0900-2026123456", "J. de Vries"), (hold.Reason, hold.Reference, hold.PlacedBy));
    }

    [Fact]
    public void Holds_with_the_same_fields_and_cameras_are_equal()
    {
        var hold = Holds.Place(cameras: ["cam-01", "cam-02"]);

        Assert.Equal(hold.Release("M. Jansen", "Klaar", Now), hold.Release("M. Jansen", "Klaar", Now));
        Assert.NotEqual(hold, hold.Release("M. Jansen", "Klaar", Now));
    }
}
