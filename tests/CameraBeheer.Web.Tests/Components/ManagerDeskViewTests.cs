using Bunit;
using CameraBeheer.Web.Components.Pages;

namespace CameraBeheer.Web.Tests.Components;

/// <summary>The manager's desk beyond the requests: retention and holds, the audit log, users and edge agents.</summary>
public sealed class ManagerDeskViewTests : ConsoleTestContext
{
    private const string Report = "/camerabeheer.v1.Retention/Report";
    private const string Holds = "/camerabeheer.v1.Retention/ListHolds";

    private void Cameras() =>
        Backend.On<ListCamerasRequest, ListCamerasReply>("/camerabeheer.v1.Cameras/List", _ => new ListCamerasReply { Cameras = { new CameraInfo { Camera = "cam-01" }, new CameraInfo { Camera = "cam-02" } } });

    [Fact]
    public void An_operator_is_refused_retention_and_the_audit_log_and_a_manager_the_users_and_agents()
    {
        SignedInAs("operator");
        Assert.Contains("manager of admin; u bent aangemeld als operator", Render<RetentionView>().Find("[data-test=refused]").TextContent);
        Assert.Contains("manager of admin; u bent aangemeld als operator", Render<AuditView>().Find("[data-test=refused]").TextContent);
        Assert.Empty(Backend.Calls);
    }

    [Fact]
    public void A_manager_is_refused_the_admin_pages()
    {
        SignedInAs("manager");
        Assert.Contains("rol admin; u bent aangemeld als manager", Render<UsersView>().Find("[data-test=refused]").TextContent);
        Assert.Contains("rol admin; u bent aangemeld als manager", Render<AgentsView>().Find("[data-test=refused]").TextContent);
        Assert.Empty(Backend.Calls);
    }

    [Fact]
    public void Retention_shows_loading_then_the_backends_error()
    {
        SignedInAs("manager");
        var page = RenderLoadingThenFailing<RetentionView, ListCamerasRequest, ListCamerasReply>(
            "/camerabeheer.v1.Cameras/List", new Status(StatusCode.Unavailable, "the audit log could not be written, so nothing is shown; try again later"));
        page.WaitForAssertion(() => Assert.Contains("audit log could not be written", page.Find("[data-test=error]").TextContent));
    }

    [Fact]
    public void Retention_without_footage_or_holds_says_so()
    {
        SignedInAs("manager");
        Cameras();
        Backend.On<RetentionReportRequest, RetentionReportReply>(Report, _ => new RetentionReportReply { RetentionDays = 28 });
        Backend.On<ListHoldsRequest, ListHoldsReply>(Holds, _ => new ListHoldsReply());
        var page = Render<RetentionView>();
        page.WaitForAssertion(() => Assert.Equal("Geen camera's met beelden.", page.Find("section .empty").TextContent));
        Assert.Equal("Geen holds.", page.FindAll(".empty")[1].TextContent);
    }

    [Fact]
    public void Retention_draws_a_bar_per_camera_held_ones_marked_and_a_release_shows_the_backends_refusal()
    {
        SignedInAs("manager");
        Cameras();
        var now = DateTimeOffset.UtcNow;
        Backend.On<RetentionReportRequest, RetentionReportReply>(Report, _ => new RetentionReportReply
        {
            RetentionDays = 28,
            Cameras =
            {
                new CameraRetention { Camera = "cam-01", OldestFootage = Timestamp.FromDateTimeOffset(now.AddDays(-14)), NextDeletion = Timestamp.FromDateTimeOffset(now.AddDays(14)), FootageSegments = 3 },
                new CameraRetention { Camera = "cam-02", OldestFootage = Timestamp.FromDateTimeOffset(now.AddDays(-40)), NextDeletion = Timestamp.FromDateTimeOffset(now.AddDays(1)), Holds = { "hold-1" } },
            },
        });
        Backend.On<ListHoldsRequest, ListHoldsReply>(Holds, _ => new ListHoldsReply { Holds = { new LegalHoldInfo { Id = "hold-1", State = "active", Cameras = { "cam-02" }, Reference = "PL1" } } });
        Backend.Refuse("/camerabeheer.v1.Retention/ReleaseHold", StatusCode.InvalidArgument, "reason: is required");
        var page = Render<RetentionView>();
        page.WaitForAssertion(() => page.Find("tr[data-camera=cam-02]"));
        Assert.Equal("width:50%", page.Find("tr[data-camera=cam-01] [data-test=bar]").GetAttribute("style"));
        Assert.DoesNotContain("held", page.Find("tr[data-camera=cam-01] [data-test=bar]").ClassName);
        Assert.Equal("width:100%", page.Find("tr[data-camera=cam-02] [data-test=bar]").GetAttribute("style"));
        Assert.Contains("held", page.Find("tr[data-camera=cam-02] [data-test=bar]").ClassName);
        Assert.Equal("actief", page.Find("tr[data-hold=hold-1] [data-test=state]").TextContent);
        page.Find("tr[data-hold=hold-1] button").Click();
        page.WaitForAssertion(() => Assert.Equal("reason: is required", page.Find("[data-test=error]").TextContent));
    }

    [Fact]
    public void The_audit_log_of_a_day_shows_its_entries_and_verify_says_intact_or_broken()
    {
        SignedInAs("manager");
        Backend.On<AuditDayRequest, AuditDayReply>("/camerabeheer.v1.Audit/Day", r => new AuditDayReply
        {
            Day = r.Day, Total = 2,
            Entries =
            {
                new AuditEntry { Sequence = 1, Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Caller = "Marieke Smit", Role = "manager", Method = "Retention/PlaceHold", Target = "cam-01", Outcome = "ok", Reason = "zaak" },
                new AuditEntry { Unreadable = "{not json" },
            },
        });
        var broken = false;
        Backend.On<VerifyAuditRequest, VerifyAuditReply>("/camerabeheer.v1.Audit/Verify", _ => broken
            ? new VerifyAuditReply { Intact = false, DaysChecked = 1, BrokenFile = "audit/x/2026/11/30.jsonl", BrokenLine = 2, Problem = "malformed JSON" }
            : new VerifyAuditReply { Intact = true, DaysChecked = 1, EntriesChecked = 2 });
        var page = Render<AuditView>();
        page.WaitForAssertion(() => Assert.Contains("Retention/PlaceHold", page.Find("tr[data-method]").TextContent));
        Assert.Contains("onleesbare regel: {not json", page.Find("table[data-test=audit-entries]").TextContent);
        page.Find("[data-test=verify]").Click();
        page.WaitForAssertion(() => Assert.Equal("intact: 2 regels van 1 dag(en) gecontroleerd", page.Find("[data-test=verify-result]").TextContent.Trim()));
        broken = true;
        page.Find("[data-test=verify]").Click();
        page.WaitForAssertion(() => Assert.Contains("GEBROKEN in audit/x/2026/11/30.jsonl regel 2: malformed JSON", page.Find("[data-test=verify-result]").TextContent));
        var asked = Backend.Calls.Where(c => c.Method.EndsWith("/Day", StringComparison.Ordinal)).Select(c => ((AuditDayRequest)c.Request).Day).Single();
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), asked);
    }

    [Fact]
    public void An_empty_audit_day_says_so()
    {
        SignedInAs("admin");
        Backend.On<AuditDayRequest, AuditDayReply>("/camerabeheer.v1.Audit/Day", r => new AuditDayReply { Day = r.Day });
        var page = Render<AuditView>();
        page.WaitForAssertion(() => Assert.Equal("Geen regels op deze dag.", page.Find(".empty").TextContent));
    }

    [Fact]
    public void An_admin_adds_a_user_sees_the_password_once_and_disables_one()
    {
        SignedInAs("admin");
        var users = new List<UserInfo> { new() { Login = "jansen", Name = "Operator Jansen", Role = "operator" } };
        Backend.On<ListUsersRequest, ListUsersReply>("/camerabeheer.v1.Accounts/ListUsers", _ => new ListUsersReply { Users = { users } });
        Backend.On<AddUserRequest, AddUserReply>("/camerabeheer.v1.Accounts/AddUser", r =>
        {
            var user = new UserInfo { Login = r.Login, Name = r.Name, Role = r.Role };
            users.Add(user);
            return new AddUserReply { User = user, GeneratedPassword = "paard-batterij-nietje" };
        });
        Backend.On<DisableUserRequest, UserInfo>("/camerabeheer.v1.Accounts/DisableUser", r =>
        {
            var user = users.Single(u => u.Login == r.Login);
            user.DisabledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            return user;
        });
        var page = Render<UsersView>();
        page.WaitForAssertion(() => page.Find("tr[data-user=jansen]"));
        page.Find("#user-login").Change("bakker");
        page.Find("#user-name").Change("Agent Bakker");
        page.Find("#user-role").Change("police");
        page.Find("form[data-test=add-user]").Submit();
        page.WaitForAssertion(() => Assert.Contains("paard-batterij-nietje", page.Find("[data-test=generated-password]").TextContent));
        Assert.Equal("police", ((AddUserRequest)Backend.Calls.Single(c => c.Method.EndsWith("/AddUser", StringComparison.Ordinal)).Request).Role);
        page.Find("#disable-reason").Input("uit dienst");
        page.Find("tr[data-user=jansen] button").Click();
        page.WaitForAssertion(() => Assert.Equal("uitgeschakeld", page.Find("tr[data-user=jansen] [data-test=state]").TextContent));
        Assert.Empty(page.FindAll("[data-test=generated-password]"));
        Assert.Equal("uit dienst", ((DisableUserRequest)Backend.Calls.Single(c => c.Method.EndsWith("/DisableUser", StringComparison.Ordinal)).Request).Reason);
    }

    [Fact]
    public void Agents_empty_then_a_refusal_in_the_backends_words()
    {
        SignedInAs("admin");
        Backend.On<ListEdgeAgentsRequest, ListEdgeAgentsReply>("/camerabeheer.v1.EdgeAgents/List", _ => new ListEdgeAgentsReply());
        Backend.Refuse("/camerabeheer.v1.EdgeAgents/Add", StatusCode.InvalidArgument, "name: 'Poort!' may hold only a-z, 0-9 and '-'");
        var page = Render<AgentsView>();
        page.WaitForAssertion(() => Assert.Equal("Nog geen edge-agenten.", page.Find(".empty").TextContent));
        page.Find("#agent-name").Change("Poort!");
        page.Find("form[data-test=add-agent]").Submit();
        page.WaitForAssertion(() => Assert.Equal("name: 'Poort!' may hold only a-z, 0-9 and '-'", page.Find("[data-test=error]").TextContent));
        Assert.Empty(page.FindAll("[data-test=agent-secret]"));
    }
}
