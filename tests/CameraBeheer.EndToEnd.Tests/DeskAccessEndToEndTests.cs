namespace CameraBeheer.EndToEnd.Tests;

/// <summary>Every desk call refuses the roles that may not make it, and bad input on every field, naming the field.</summary>
public sealed class DeskAccessEndToEndTests(DeskHostFixture fixture) : IClassFixture<DeskHostFixture>
{
    private static readonly string[] AllRoles = ["operator", "police", "staff", "manager", "admin"];

    /// <summary>Each desk call, the roles that may make it, and a request the allowed roles get refused for another reason (no effect either way).</summary>
    public static TheoryData<string> Calls => [.. CallTable.Keys];

    private static readonly Dictionary<string, (string[] Roles, Func<CameraBeheerClient, Task> Call)> CallTable = new()
    {
        ["Residents/Add"] = (["manager", "admin"], c => c.Residents.AddAsync(new AddResidentRequest { Name = "" }).ResponseAsync),
        ["Residents/Remove"] = (["manager", "admin"], c => c.Residents.RemoveAsync(new RemoveResidentRequest { Id = "r-99" }).ResponseAsync),
        ["Residents/List"] = (["staff", "operator", "manager", "admin"], c => c.Residents.ListAsync(new ListResidentsRequest { Site = "unknown-site" }).ResponseAsync),
        ["Guests/CheckIn"] = (["staff", "manager"], c => c.Guests.CheckInAsync(new CheckInRequest { GuestName = "" }).ResponseAsync),
        ["Guests/CheckOut"] = (["staff", "manager"], c => c.Guests.CheckOutAsync(new CheckOutRequest { Visit = "v-9999" }).ResponseAsync),
        ["Guests/OnSite"] = (["staff", "manager"], c => c.Guests.OnSiteAsync(new OnSiteRequest { Site = "unknown-site" }).ResponseAsync),
        ["Guests/History"] = (["staff", "manager"], c => c.Guests.HistoryAsync(new GuestHistoryRequest()).ResponseAsync),
        ["TimeOuts/Start"] = (["staff", "manager"], c => c.TimeOuts.StartAsync(new StartTimeOutRequest { Resident = "r-99", Reason = "r", ExpectedMinutes = 60 }).ResponseAsync),
        ["TimeOuts/End"] = (["staff", "manager"], c => c.TimeOuts.EndAsync(new EndTimeOutRequest { Id = "t-9999" }).ResponseAsync),
        ["TimeOuts/List"] = (["staff", "manager"], c => c.TimeOuts.ListAsync(new ListTimeOutsRequest { Site = "unknown-site" }).ResponseAsync),
        ["PoliceNotifications/List"] = (["police", "staff", "manager"], c => c.PoliceNotifications.ListAsync(new ListPoliceNotificationsRequest { Site = "unknown-site" }).ResponseAsync),
        ["PoliceNotifications/Acknowledge"] = (["police"], c => c.PoliceNotifications.AcknowledgeAsync(new AcknowledgePoliceNotificationRequest { Id = "pn-9999" }).ResponseAsync),
        ["PoliceNotifications/Watch"] = (["police"], async c =>
        {
            using var call = c.PoliceNotifications.Watch(new WatchPoliceNotificationsRequest { Site = "unknown-site" });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }),
        ["Reports/Add"] = (["staff", "manager"], c => c.Reports.AddAsync(new AddReportRequest { Organisation = "" }).ResponseAsync),
        ["Reports/Answer"] = (["staff", "manager"], c => c.Reports.AnswerAsync(new AnswerReportRequest { Id = "rp-9999", Feedback = "f" }).ResponseAsync),
        ["Reports/LinkHold"] = (["manager"], c => c.Reports.LinkHoldAsync(new LinkReportHoldRequest { Id = "rp-9999", Hold = "h" }).ResponseAsync),
        ["Reports/List"] = (["staff", "manager", "operator"], c => c.Reports.ListAsync(new ListReportsRequest { Site = "unknown-site" }).ResponseAsync),
        ["Evacuation/List"] = (["staff", "manager", "operator"], c => c.Evacuation.ListAsync(new EvacuationRequest { Site = "unknown-site" }).ResponseAsync),
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Each_desk_call_refuses_each_role_that_may_not_make_it_and_a_caller_without_a_token(string method)
    {
        var (roles, call) = CallTable[method];
        foreach (var role in AllRoles)
        {
            using var client = fixture.Host.Client(role);
            var e = await Assert.ThrowsAnyAsync<RpcException>(() => call(client));
            if (roles.Contains(role)) Assert.NotEqual(StatusCode.PermissionDenied, e.StatusCode);
            else Assert.True(e.StatusCode == StatusCode.PermissionDenied, $"{method} as {role}: {e.StatusCode} {e.Status.Detail}");
        }
        using var anonymous = fixture.Host.Client(null);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAnyAsync<RpcException>(() => call(anonymous))).StatusCode);
    }

    public static TheoryData<string, string> BadInputs => [.. BadInputTable.Keys.Select(k => (k.Case, k.Field))];

    private static readonly Dictionary<(string Case, string Field), (string Role, StatusCode Code, Func<CameraBeheerClient, Task> Call)> BadInputTable = new()
    {
        [("resident without a name", "name")] = ("manager", StatusCode.InvalidArgument, c => c.Residents.AddAsync(new AddResidentRequest { Name = " " }).ResponseAsync),
        [("resident with a control character", "name")] = ("manager", StatusCode.InvalidArgument, c => c.Residents.AddAsync(new AddResidentRequest { Name = "Anna\u001b[2J" }).ResponseAsync),
        [("resident with a long room", "room")] = ("manager", StatusCode.InvalidArgument, c => c.Residents.AddAsync(new AddResidentRequest { Name = "Anna", Room = new string('9', 21) }).ResponseAsync),
        [("remove a malformed id", "id")] = ("manager", StatusCode.InvalidArgument, c => c.Residents.RemoveAsync(new RemoveResidentRequest { Id = "../r" }).ResponseAsync),
        [("remove an unknown resident", "id")] = ("manager", StatusCode.NotFound, c => c.Residents.RemoveAsync(new RemoveResidentRequest { Id = "r-98" }).ResponseAsync),
        [("a list of another site", "site")] = ("staff", StatusCode.InvalidArgument, c => c.Residents.ListAsync(new ListResidentsRequest { Site = "Domus!" }).ResponseAsync),
        [("check-in without a name", "guest_name")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.CheckInAsync(new CheckInRequest { GuestName = "", Visiting = "r-01" }).ResponseAsync),
        [("check-in with a name of 101 characters", "guest_name")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.CheckInAsync(new CheckInRequest { GuestName = new string('a', 101), Visiting = "r-01" }).ResponseAsync),
        [("check-in for a malformed resident", "visiting")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.CheckInAsync(new CheckInRequest { GuestName = "Piet", Visiting = "kamer 7" }).ResponseAsync),
        [("check-in for an unknown resident", "visiting")] = ("staff", StatusCode.NotFound, c => c.Guests.CheckInAsync(new CheckInRequest { GuestName = "Piet", Visiting = "r-98" }).ResponseAsync),
        [("check-in leaving before now", "expected_leave")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.CheckInAsync(new CheckInRequest
            { GuestName = "Piet", Visiting = "r-01", ExpectedLeave = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) }).ResponseAsync),
        [("check-out of a malformed visit", "visit")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.CheckOutAsync(new CheckOutRequest { Visit = "" }).ResponseAsync),
        [("check-out of an unknown visit", "visit")] = ("staff", StatusCode.NotFound, c => c.Guests.CheckOutAsync(new CheckOutRequest { Visit = "v-9998" }).ResponseAsync),
        [("history without a start", "from")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.HistoryAsync(new GuestHistoryRequest { To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }).ResponseAsync),
        [("history ending before it starts", "to")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.HistoryAsync(new GuestHistoryRequest
            { From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) }).ResponseAsync),
        [("history of 40 days", "to")] = ("staff", StatusCode.InvalidArgument, c => c.Guests.HistoryAsync(new GuestHistoryRequest
            { From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-40)), To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }).ResponseAsync),
        [("time-out for a malformed resident", "resident")] = ("manager", StatusCode.InvalidArgument, c => c.TimeOuts.StartAsync(Start("7")).ResponseAsync),
        [("time-out for an unknown resident", "resident")] = ("manager", StatusCode.NotFound, c => c.TimeOuts.StartAsync(Start("r-98")).ResponseAsync),
        [("time-out without a reason", "reason")] = ("manager", StatusCode.InvalidArgument, c => c.TimeOuts.StartAsync(Start("r-01", reason: "")).ResponseAsync),
        [("time-out of an unknown category", "category")] = ("manager", StatusCode.InvalidArgument, c => c.TimeOuts.StartAsync(Start("r-01", category: "dronken")).ResponseAsync),
        [("time-out without a duration", "expected_minutes")] = ("manager", StatusCode.InvalidArgument, c => c.TimeOuts.StartAsync(Start("r-01", minutes: 0)).ResponseAsync),
        [("time-out of 59 minutes", "expected_minutes")] = ("manager", StatusCode.InvalidArgument, c => c.TimeOuts.StartAsync(Start("r-01", minutes: 59)).ResponseAsync),
        [("time-out past midnight", "expected_minutes")] = ("manager", StatusCode.InvalidArgument, c => c.TimeOuts.StartAsync(Start("r-01", minutes: 13 * 60)).ResponseAsync),
        [("end of a malformed time-out", "id")] = ("staff", StatusCode.InvalidArgument, c => c.TimeOuts.EndAsync(new EndTimeOutRequest { Id = "t-" }).ResponseAsync),
        [("end of an unknown time-out", "id")] = ("staff", StatusCode.NotFound, c => c.TimeOuts.EndAsync(new EndTimeOutRequest { Id = "t-9998" }).ResponseAsync),
        [("acknowledging a malformed notification", "id")] = ("police", StatusCode.InvalidArgument, c => c.PoliceNotifications.AcknowledgeAsync(new AcknowledgePoliceNotificationRequest { Id = "x" }).ResponseAsync),
        [("acknowledging an unknown notification", "id")] = ("police", StatusCode.NotFound, c => c.PoliceNotifications.AcknowledgeAsync(new AcknowledgePoliceNotificationRequest { Id = "pn-9998" }).ResponseAsync),
        [("report without an organisation", "organisation")] = ("staff", StatusCode.InvalidArgument, c => c.Reports.AddAsync(Report().With(r => r.Organisation = "")).ResponseAsync),
        [("report of an unknown kind", "reporter_kind")] = ("staff", StatusCode.InvalidArgument, c => c.Reports.AddAsync(Report().With(r => r.ReporterKind = "politie")).ResponseAsync),
        [("report without a contact", "contact")] = ("staff", StatusCode.InvalidArgument, c => c.Reports.AddAsync(Report().With(r => r.Contact = "")).ResponseAsync),
        [("report without what happened", "what")] = ("staff", StatusCode.InvalidArgument, c => c.Reports.AddAsync(Report().With(r => r.What = "")).ResponseAsync),
        [("report about the future", "occurred_at")] = ("staff", StatusCode.InvalidArgument, c => c.Reports.AddAsync(Report().With(r => r.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(2)))).ResponseAsync),
        [("report in an unknown zone", "zone")] = ("staff", StatusCode.NotFound, c => c.Reports.AddAsync(Report().With(r => r.Zone = "nergens")).ResponseAsync),
        [("report asking a hold without a zone", "zone")] = ("staff", StatusCode.InvalidArgument, c => c.Reports.AddAsync(Report().With(r => r.HoldRequested = true)).ResponseAsync),
        [("answer without feedback", "feedback")] = ("staff", StatusCode.InvalidArgument, c => c.Reports.AnswerAsync(new AnswerReportRequest { Id = "rp-0001", Feedback = "" }).ResponseAsync),
        [("answer to an unknown report", "id")] = ("staff", StatusCode.NotFound, c => c.Reports.AnswerAsync(new AnswerReportRequest { Id = "rp-9998", Feedback = "f" }).ResponseAsync),
        [("linking an unknown hold", "hold")] = ("manager", StatusCode.NotFound, c => c.Reports.LinkHoldAsync(new LinkReportHoldRequest { Id = "rp-0001", Hold = "hold-2026-000000000000" }).ResponseAsync),
        [("evacuation of another site", "site")] = ("staff", StatusCode.NotFound, c => c.Evacuation.ListAsync(new EvacuationRequest { Site = "domus-elders" }).ResponseAsync),
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_naming_the_field(string @case, string field)
    {
        await EnsureFixturesAsync();
        var (role, code, call) = BadInputTable[(@case, field)];
        using var client = fixture.Host.Client(role);
        var e = await Assert.ThrowsAsync<RpcException>(() => call(client));
        Assert.True(code == e.StatusCode, $"{@case}: {e.StatusCode} {e.Status.Detail}");
        Assert.Contains(field, e.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>r-01 and rp-0001 exist, so a case about another field is not refused for an unknown id first.</summary>
    private async Task EnsureFixturesAsync()
    {
        using var manager = fixture.Host.Client("manager");
        if ((await manager.Residents.ListAsync(new ListResidentsRequest { IncludeRemoved = true })).Residents.Count == 0)
            await manager.Residents.AddAsync(new AddResidentRequest { Name = "Fenna Bos" });
        if ((await manager.Reports.ListAsync(new ListReportsRequest { IncludeAnswered = true })).Reports.Count == 0)
            await manager.Reports.AddAsync(Report());
    }

    private static StartTimeOutRequest Start(string resident, string reason = "r", string category = "other", int minutes = 60) =>
        new() { Resident = resident, Reason = reason, Category = category, ExpectedMinutes = minutes, OverrideReason = "test" };

    private static AddReportRequest Report() => new() { Organisation = "Aeres College", ReporterKind = "school", Contact = "receptie", What = "Rondhangen bij de fietsenstalling" };
}

/// <summary>Sets fields of a proto message inline, for table-driven tests.</summary>
internal static class MessageEditing
{
    public static T With<T>(this T message, Action<T> edit) where T : class
    {
        edit(message);
        return message;
    }
}
