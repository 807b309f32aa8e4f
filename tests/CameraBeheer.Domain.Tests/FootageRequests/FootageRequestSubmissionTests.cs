using static CameraBeheer.Domain.Tests.FootageRequests.Requests;

namespace CameraBeheer.Domain.Tests.FootageRequests;

public sealed class FootageRequestSubmissionTests
{
    [Fact]
    public void A_valid_demand_is_submitted_with_who_when_and_why()
    {
        var request = Submitted();

        Assert.Matches("^fr-2026-[0-9a-f]{12}$", request.Id);
        Assert.True(FootageRequest.IsId(request.Id));
        Assert.Equal((RequestStatus.Submitted, LegalBasis.Demand, "Agent Jansen", Now), (request.Status, request.Basis, request.RequestedBy, request.RequestedAt));
        Assert.Equal(["cam-02", "cam-03"], request.Cameras);
        var step = Assert.Single(request.History);
        Assert.Equal(new RequestStep(RequestStatus.Submitted, Now, "Agent Jansen", "police", "Mishandeling bij de poort"), step);
        Assert.Null(request.MissingPart);
    }

    [Theory]
    [InlineData(null, "case: the police case number is required")]
    [InlineData("   ", "case: the police case number is required")]
    [InlineData("12", "case: a case number has 3 to 40 characters; '12' has 2")]
    [InlineData("'; DROP TABLE requests;--", "case: ''; DROP TABLE requests;--' is not a case number: only letters, digits, '-', '/', '.', '_' and spaces (found ''')")]
    [InlineData("<script>", "case: '<script>' is not a case number: only letters, digits, '-', '/', '.', '_' and spaces (found '<')")]
    [InlineData("ABC-DEF", "case: 'ABC-DEF' is not a case number: it has no digits")]
    public void An_empty_or_absurd_case_number_is_refused_naming_the_field(string? caseNumber, string message)
    {
        var error = Refused(() => Submitted(Valid() with { Case = caseNumber }));

        Assert.Equal((RequestErrorKind.InvalidArgument, "case", message), (error.Kind, error.Field, error.Message));
    }

    [Fact]
    public void An_oversized_case_number_is_refused()
    {
        var error = Refused(() => Submitted(Valid() with { Case = new string('9', 100_000) }));

        Assert.Equal("case", error.Field);
        Assert.EndsWith("has 100000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("126xx")]
    [InlineData("")]
    [InlineData("126 nd")]
    public void An_unknown_legal_basis_is_refused_with_the_allowed_ones(string basis)
    {
        var error = Refused(() => Submitted(Valid() with { Basis = basis }));

        Assert.Equal("basis", error.Field);
        Assert.Contains("(allowed: 126nd, 126nf, 126ni)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_126nf_demand_needs_the_examining_magistrates_authorisation()
    {
        var error = Refused(() => Submitted(Valid("126nf") with { Authorisation = "" }));

        Assert.Equal((RequestErrorKind.InvalidArgument, "authorisation"), (error.Kind, error.Field));
        Assert.Contains("examining magistrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_126nf_demand_carries_an_authorisation()
    {
        var error = Refused(() => Submitted(Valid() with { Authorisation = "RC-1" }));

        Assert.Equal("authorisation: only a 126nf demand carries the examining magistrate's authorisation; this request is 126nd", error.Message);
    }

    [Theory]
    [InlineData("126nd")]
    [InlineData("126ni")]
    public void An_interior_camera_without_126nf_is_refused_naming_the_health_data_rule(string basis)
    {
        var error = Refused(() => Submitted(Valid(basis) with { Cameras = ["cam-02", "cam-06"] }));

        Assert.Equal(RequestErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith("camera cam-06 (Entreehal) looks inside the care facility, where footage can reveal health data: that needs a 126nf demand", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interior_camera_with_126nf_and_authorisation_is_accepted()
    {
        var request = Submitted(Valid("126nf") with { Cameras = ["cam-06"] });

        Assert.Equal(("RC-2026-118", LegalBasis.SensitiveDataDemand), (request.Authorisation, request.Basis));
    }

    [Fact]
    public void A_zone_expands_to_its_cameras_and_dome_presets()
    {
        var zone = Site.Zones.First(z => z.Feeds.Any(f => f.Preset is not null) && z.Feeds.All(f => !Site.FindCamera(f.Camera)!.IsInterior));

        var request = Submitted(Valid() with { Cameras = [], Zone = zone.Id });

        Assert.Equal(zone.Feeds.Select(f => f.Camera).Distinct(), request.Cameras);
        Assert.Contains(request.ZoneFeeds, f => f.Contains(" preset ", StringComparison.Ordinal));
        Assert.Equal(zone.Id, request.Zone);
    }

    [Fact]
    public void The_interior_zone_needs_126nf_like_its_cameras()
    {
        var interior = Site.Zones.First(z => z.Kind == Domain.Sites.ZoneKind.Interior);

        var error = Refused(() => Submitted(Valid() with { Cameras = [], Zone = interior.Id }));

        Assert.Equal(RequestErrorKind.FailedPrecondition, error.Kind);
    }

    [Theory]
    [InlineData(new[] { "cam-99" }, null, "cameras", "cameras: unknown camera 'cam-99' at site 'domus-almere-poort'")]
    [InlineData(new[] { "CAM-02" }, null, "cameras", "cameras: 'CAM-02' is not a camera id (lower-case letters, digits and '-', 1 to 64 characters, not starting with '-')")]
    [InlineData(new[] { "cam-02", "cam-02" }, null, "cameras", "cameras: camera 'cam-02' is named twice")]
    [InlineData(new string[0], null, "cameras", "cameras: name the cameras (e.g. cam-02,cam-03) or a zone")]
    [InlineData(new[] { "cam-02" }, "terrein", "zone", "zone: ask for cameras or for a zone, not both")]
    public void Unknown_or_malformed_places_are_refused_naming_the_field(string[] cameras, string? zone, string field, string message)
    {
        var error = Refused(() => Submitted(Valid() with { Cameras = cameras, Zone = zone }));

        Assert.Equal((RequestErrorKind.InvalidArgument, field, message), (error.Kind, error.Field, error.Message));
    }

    [Fact]
    public void An_unknown_zone_is_refused_with_the_zones_there_are()
    {
        var error = Refused(() => Submitted(Valid() with { Cameras = [], Zone = "nergens" }));

        Assert.StartsWith("zone: unknown zone 'nergens' (zones: terrein, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_wholly_older_than_four_weeks_is_refused_naming_the_rule()
    {
        var error = Refused(() => Submitted(Valid() with { From = Now.AddDays(-30), To = Now.AddDays(-29) }));

        Assert.Equal(RequestErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("footage from before 2026-10-27 14:00 UTC no longer exists: four-week rule (footage is kept 28 days)", error.Message);
    }

    [Fact]
    public void A_window_partly_older_than_four_weeks_is_accepted_and_the_missing_part_stated()
    {
        var request = Submitted(Valid() with { From = Now.AddDays(-28).AddHours(-2), To = Now.AddDays(-28).AddHours(3) });

        Assert.Equal(Now.AddDays(-28), request.AvailableFrom);
        Assert.Equal("footage from 2026-10-27 12:00 UTC to 2026-10-27 14:00 UTC no longer existed when the request was made: four-week rule", request.MissingPart);
    }

    [Fact]
    public void A_window_in_the_future_is_refused()
    {
        var error = Refused(() => Submitted(Valid() with { From = Now.AddHours(-1), To = Now.AddHours(1) }));

        Assert.Equal("the window ends in the future (2026-11-24 15:00 UTC); footage can only be requested up to now", error.Message);
    }

    [Fact]
    public void A_window_up_to_now_is_accepted()
    {
        Assert.Equal(Now, Submitted(Valid() with { From = Now.AddHours(-1), To = Now }).To);
    }

    [Fact]
    public void A_window_longer_than_a_day_is_refused_naming_the_limit()
    {
        var error = Refused(() => Submitted(Valid() with { From = Now.AddHours(-25), To = Now }));

        Assert.Equal("a request covers at most 1 day of footage; this window is 1 day and 1 hour: file one request per day", error.Message);
    }

    [Fact]
    public void The_maximum_window_is_configurable()
    {
        var policy = Policy with { MaxWindow = TimeSpan.FromHours(2) };

        var error = Refused(() => (Valid() with { From = Now.AddHours(-3), To = Now }).Check(Site, policy, Officer, Now));

        Assert.StartsWith("a request covers at most 2 hours of footage", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "from")]
    [InlineData(0, null, "to")]
    public void A_missing_window_end_is_refused_naming_it(int? fromHoursAgo, int? toHoursAgo, string field)
    {
        var error = Refused(() => Submitted(Valid() with
        {
            From = fromHoursAgo is { } f ? Now.AddHours(-f - 1) : null,
            To = toHoursAgo is { } t ? Now.AddHours(-t) : null,
        }));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused()
    {
        var error = Refused(() => Submitted(Valid() with { From = Now.AddHours(-1), To = Now.AddHours(-2) }));

        Assert.Equal("to", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("regel\neen\ntwee")]
    [InlineData("\u202Eevil")]
    public void An_empty_or_hostile_reason_is_refused(string reason)
    {
        var error = Refused(() => Submitted(Valid() with { Reason = reason }));

        Assert.Equal((RequestErrorKind.InvalidArgument, "reason"), (error.Kind, error.Field));
    }

    [Fact]
    public void A_preservation_order_lasts_90_days_unless_it_says_less()
    {
        Assert.Equal(Now.AddDays(90), Submitted(Valid("126ni")).OrderExpires);
        Assert.Equal(Now.AddDays(30), Submitted(Valid("126ni") with { OrderExpires = Now.AddDays(30) }).OrderExpires);
    }

    [Fact]
    public void A_preservation_order_longer_than_90_days_is_refused()
    {
        var error = Refused(() => Submitted(Valid("126ni") with { OrderExpires = Now.AddDays(91) }));

        Assert.Equal(RequestErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith("a preservation order (art. 126ni Sv) lasts at most 90 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_preservation_order_has_an_expiry_of_its_own()
    {
        Assert.Equal("expires", Refused(() => Submitted(Valid() with { OrderExpires = Now.AddDays(3) })).Field);
    }

    [Fact]
    public void An_urgent_oral_demand_is_due_in_writing_within_three_days()
    {
        var request = Submitted(Valid() with { Urgent = true });

        Assert.Equal(Now.AddDays(3), request.ConfirmationDeadline(Policy));
        Assert.Equal("urgent", Refused(() => Submitted(Valid("126ni") with { Urgent = true })).Field);
    }
}
