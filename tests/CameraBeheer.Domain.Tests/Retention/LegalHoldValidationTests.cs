using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Retention;

/// <summary>Each rule for placing, renewing and releasing a hold, with the message a manager sees when it is broken.</summary>
public sealed class LegalHoldValidationTests
{
    [Fact]
    public void A_preservation_order_longer_than_90_days_is_refused_with_the_article_and_the_length()
    {
        var error = Refused(() => Holds.Place(placedAt: Utc(2026, 11, 17, 0, 0), expires: Utc(2027, 3, 1, 0, 0)));

        Assert.Equal("expires", error.Field);
        Assert.Equal(
            "a preservation order freezes data for at most 90 days (art. 126ni Sv); expires 2027-03-01 00:00 UTC is 104 days after it was placed",
            error.Message);
    }

    [Fact]
    public void A_preservation_order_of_exactly_90_days_is_allowed_and_one_second_more_is_not()
    {
        var placed = Holds.PlacedAt;

        Assert.Equal(placed.AddDays(90), Holds.Place(expires: placed.AddDays(90)).Expires);
        var error = Refused(() => Holds.Place(expires: placed.AddDays(90).AddSeconds(1)));
        Assert.EndsWith("expires 2026-08-02 09:00 UTC is 90 days and 1 second after it was placed", error.Message);
    }

    [Fact]
    public void A_police_request_hold_has_no_90_day_limit_but_lasts_at_most_a_year()
    {
        var placed = Holds.PlacedAt;

        Assert.Equal(placed.AddDays(365), Holds.Place(kind: LegalHoldKind.PoliceRequest, expires: placed.AddDays(365)).Expires);
        var error = Refused(() => Holds.Place(kind: LegalHoldKind.PoliceRequest, expires: placed.AddDays(366).AddHours(2)));
        Assert.Equal(
            "a hold for a police request lasts at most 365 days before a manager must renew it; expires 2027-05-05 11:00 UTC is 366 days and 2 hours after it was placed",
            error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_hold_must_expire_after_it_is_placed(int minutes)
    {
        var error = Refused(() => Holds.Place(expires: Holds.PlacedAt.AddMinutes(minutes)));

        Assert.Equal("expires", error.Field);
        Assert.StartsWith("a hold must expire after it is placed; expires 2026-05-04 ", error.Message);
        Assert.EndsWith(" UTC is not after it was placed on 2026-05-04 09:00 UTC", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    public void The_held_period_must_end_after_it_starts(int minutes)
    {
        var from = Utc(2026, 5, 1, 14, 10);

        var error = Refused(() => Holds.Place(from: from, to: from.AddMinutes(minutes)));

        Assert.Equal("to", error.Field);
        Assert.StartsWith("the held period must end after it starts; from 2026-05-01 14:10 UTC is not before to 2026-05-01 14:", error.Message);
    }

    [Fact]
    public void A_hold_names_at_least_one_camera()
    {
        Assert.Equal("cameras: name at least one camera whose footage must be kept", Refused(() => Holds.Place(cameras: [])).Message);
        Assert.Equal("cameras", Refused(() => LegalHold.Place(
            "domus-almere-poort", null, Utc(2026, 5, 1, 14, 0), Utc(2026, 5, 1, 15, 0), LegalHoldKind.PreservationOrder,
            "Inbraak", "PL0900-1", "J. de Vries", Holds.PlacedAt, Holds.PlacedAt.AddDays(1))).Field);
    }

    [Fact]
    public void Cameras_are_ids_each_listed_once()
    {
        Assert.Equal(
            "cameras: 'Cam 1' is not a camera id (lower-case letters, digits and '-', 1 to 64 characters, not starting with '-')",
            Refused(() => Holds.Place(cameras: ["cam-01", "Cam 1"])).Message);
        Assert.Equal("cameras: cam-01 is listed more than once", Refused(() => Holds.Place(cameras: ["cam-01", "cam-02", "cam-01"])).Message);
    }

    [Fact]
    public void The_site_is_a_site_id()
    {
        var error = Refused(() => Holds.Place(site: "Domus Almere"));

        Assert.Equal(("site", "site 'Domus Almere' is not a site id (lower-case letters, digits and '-', 1 to 64 characters, not starting with '-')"), (error.Field, error.Message));
    }

    [Fact]
    public void The_kind_is_a_police_request_or_a_preservation_order()
    {
        var error = Refused(() => Holds.Place(kind: default));

        Assert.Equal(("kind", "kind must be a police request or a preservation order (art. 126ni Sv), not 0"), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_reason_is_required(string reason)
    {
        var error = Refused(() => Holds.Place(reason: reason));

        Assert.Equal(("reason", "reason is required: say why this footage must be kept"), (error.Field, error.Message));
    }

    [Fact]
    public void A_reason_is_at_most_500_characters()
    {
        Assert.Equal(500, Holds.Place(reason: new string('x', 500)).Reason.Length);
        Assert.Equal("reason may be at most 500 characters; this one has 501", Refused(() => Holds.Place(reason: new string('x', 501))).Message);
    }

    [Fact]
    public void A_reason_may_not_contain_line_breaks_or_other_control_characters()
    {
        var error = Refused(() => Holds.Place(reason: "Inbraak\nzie aangifte"));

        Assert.Equal(
            "reason may contain only printable text, no line breaks, tabs or other invisible characters; found U+000A at position 8",
            error.Message);
    }

    [Fact]
    public void A_reference_is_required_and_at_most_100_characters()
    {
        var missing = Refused(() => Holds.Place(reference: ""));

        Assert.Equal(("reference", "reference is required: give the police case number or the order's reference"), (missing.Field, missing.Message));
        Assert.Equal("reference may be at most 100 characters; this one has 101", Refused(() => Holds.Place(reference: new string('7', 101))).Message);
    }

    [Theory]
    [InlineData("PL0900-\t2026", "U+0009", 8)]
    [InlineData("PL0900-\u202E6543", "U+202E", 8)] // right-to-left override: would show the number reversed
    [InlineData("PL0900\u200B-2026", "U+200B", 7)] // zero-width space: two references that look the same would differ
    public void A_reference_is_printable_text(string reference, string codePoint, int position)
    {
        var error = Refused(() => Holds.Place(reference: reference));

        Assert.Equal("reference", error.Field);
        Assert.EndsWith($"found {codePoint} at position {position}", error.Message);
    }

    [Fact]
    public void A_reference_with_half_a_character_is_refused()
    {
        var reference = "PL0900-" + '\uD800'; // built here: an attribute cannot carry a lone surrogate

        Assert.EndsWith("found U+D800 at position 8", Refused(() => Holds.Place(reference: reference)).Message);
    }

    [Fact]
    public void Text_beyond_latin_is_printable()
    {
        var hold = Holds.Place(reason: "Vechtpartij bij de poort – getuige spreekt Arabisch (شاهد) 👀", placedBy: "Özlem Çelik");

        Assert.Equal("Özlem Çelik", hold.PlacedBy);
    }

    [Fact]
    public void The_person_placing_the_hold_is_named()
    {
        var error = Refused(() => Holds.Place(placedBy: " "));

        Assert.Equal(("placedBy", "placed by is required: give the name of the person responsible"), (error.Field, error.Message));
    }

    [Fact]
    public void Renewing_a_preservation_order_allows_at_most_90_days_from_the_renewal()
    {
        var hold = Holds.Place(expires: Holds.PlacedAt.AddDays(90));
        var renewal = Holds.PlacedAt.AddDays(80);

        var renewed = hold.Renew(renewal.AddDays(90), "M. Jansen", renewal);

        Assert.Equal((renewal.AddDays(90), "M. Jansen", (DateTimeOffset?)renewal), (renewed.Expires, renewed.RenewedBy, renewed.RenewedAt));
        Assert.Equal((hold.Id, hold.PlacedAt), (renewed.Id, renewed.PlacedAt));
        Assert.Equal(
            "a preservation order freezes data for at most 90 days (art. 126ni Sv); expires 2026-10-21 10:00 UTC is 90 days and 1 hour after the renewal",
            Refused(() => hold.Renew(renewal.AddDays(90).AddHours(1), "M. Jansen", renewal)).Message);
    }

    [Fact]
    public void Renewing_a_police_request_hold_allows_at_most_a_year_from_the_renewal()
    {
        var hold = Holds.Place(kind: LegalHoldKind.PoliceRequest, expires: Holds.PlacedAt.AddDays(365));
        var renewal = Holds.PlacedAt.AddDays(300);

        Assert.Equal(renewal.AddDays(365), hold.Renew(renewal.AddDays(365), "M. Jansen", renewal).Expires);
        Assert.Equal("expires", Refused(() => hold.Renew(renewal.AddDays(366), "M. Jansen", renewal)).Field);
    }

    [Fact]
    public void A_renewal_must_extend_the_hold()
    {
        var hold = Holds.Place(expires: Utc(2026, 6, 3, 9, 0));

        var error = Refused(() => hold.Renew(Utc(2026, 6, 1, 0, 0), "M. Jansen", Utc(2026, 5, 20, 9, 0)));

        Assert.Equal(
            "a renewal must extend the hold; the new expiry 2026-06-01 00:00 UTC is not after the current expiry 2026-06-03 09:00 UTC (release the hold to end it sooner)",
            error.Message);
    }

    [Fact]
    public void An_expired_hold_cannot_be_renewed()
    {
        var hold = Holds.Place(expires: Utc(2026, 6, 3, 9, 0));

        var error = Refused(() => hold.Renew(Utc(2026, 7, 1, 0, 0), "M. Jansen", Utc(2026, 6, 3, 9, 0)));

        Assert.Equal(("hold", $"hold {hold.Id} expired on 2026-06-03 09:00 UTC and can no longer be renewed; place a new hold"), (error.Field, error.Message));
    }

    [Fact]
    public void A_released_hold_cannot_be_renewed()
    {
        var hold = Holds.Place().Release("M. Jansen", "Beelden geleverd", Utc(2026, 5, 6, 10, 30));

        var error = Refused(() => hold.Renew(Utc(2026, 7, 1, 0, 0), "M. Jansen", Utc(2026, 5, 7, 9, 0)));

        Assert.Equal($"hold {hold.Id} was already released on 2026-05-06 10:30 UTC by M. Jansen and cannot be renewed", error.Message);
    }

    [Fact]
    public void Releasing_records_who_when_and_why()
    {
        var released = Holds.Place().Release(" M. Jansen ", "Beelden geleverd aan politie", Utc(2026, 5, 6, 10, 30));

        Assert.Equal(
            ("M. Jansen", "Beelden geleverd aan politie", (DateTimeOffset?)Utc(2026, 5, 6, 10, 30)),
            (released.ReleasedBy, released.ReleaseReason, released.ReleasedAt));
    }

    [Fact]
    public void Releasing_twice_is_refused_saying_when_and_by_whom_it_was_released()
    {
        var released = Holds.Place().Release("M. Jansen", "Beelden geleverd", Utc(2026, 5, 6, 10, 30));

        var error = Refused(() => released.Release("P. Bakker", "Dubbel", Utc(2026, 5, 6, 11, 0)));

        Assert.Equal(("hold", $"hold {released.Id} was already released on 2026-05-06 10:30 UTC by M. Jansen and cannot be released"), (error.Field, error.Message));
    }

    [Fact]
    public void Releasing_needs_a_name_and_a_reason()
    {
        var hold = Holds.Place();

        Assert.Equal("releasedBy", Refused(() => hold.Release("", "Klaar", Utc(2026, 5, 6, 10, 30))).Field);
        var error = Refused(() => hold.Release("M. Jansen", "", Utc(2026, 5, 6, 10, 30)));
        Assert.Equal(("releaseReason", "the reason for releasing is required: say why the footage no longer has to be kept"), (error.Field, error.Message));
    }

    private static LegalHoldException Refused(Func<LegalHold> act) => Assert.Throws<LegalHoldException>(() => act());
}
