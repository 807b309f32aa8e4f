using Bunit;
using CameraBeheer.Web.Components.Pages;

namespace CameraBeheer.Web.Tests.Components;

public sealed class ControlRoomViewTests : ConsoleTestContext
{
    private const string Cameras = "/camerabeheer.v1.Cameras/List";
    private const string List = "/camerabeheer.v1.Alerts/List";
    private const string Watch = "/camerabeheer.v1.Alerts/Watch";

    private void Quiet(params AlertInfo[] open)
    {
        Backend.On<ListCamerasRequest, ListCamerasReply>(Cameras, _ => new ListCamerasReply { Cameras = { new CameraInfo { Camera = "cam-01", Name = "Poort", Status = "online" } } });
        Backend.On<ListAlertsRequest, ListAlertsReply>(List, _ => new ListAlertsReply { Alerts = { open } });
    }

    private static AlertInfo Alert(string id, string priority, DateTimeOffset lastSeen, bool escalated = false) => new()
    {
        Id = id, Rule = $"rule-{id}", Priority = priority, Text = $"melding {id}", Place = "hoofdingang", Status = "new", Count = 2,
        LastSeen = Timestamp.FromDateTimeOffset(lastSeen), Escalated = escalated, Version = 1,
    };

    [Fact]
    public void A_person_with_another_role_is_refused_and_nothing_is_asked_of_the_backend()
    {
        SignedInAs("staff");
        var page = Render<ControlRoomView>();
        Assert.Contains("Deze pagina is voor de rol operator of manager; u bent aangemeld als staff", page.Find("[data-test=refused]").TextContent);
        Assert.Empty(Backend.Calls);
    }

    [Fact]
    public void Nobody_signed_in_is_sent_to_sign_in()
    {
        var page = Render<ControlRoomView>();
        Assert.Equal("/aanmelden", page.Find("a[href='/aanmelden']").GetAttribute("href"));
        Assert.Empty(Backend.Calls);
    }

    [Fact]
    public void While_the_backend_has_not_answered_the_page_says_it_is_loading()
    {
        SignedInAs("operator");
        Backend.OnAsync<ListCamerasRequest, ListCamerasReply>(Cameras, _ => new TaskCompletionSource<ListCamerasReply>().Task);
        var page = Render<ControlRoomView>();
        Assert.Equal("Laden…", page.Find(".loading").TextContent);
    }

    [Fact]
    public void A_backend_error_is_shown_in_its_own_words()
    {
        SignedInAs("operator");
        Backend.Refuse(Cameras, StatusCode.Unavailable, "the audit log could not be written, so nothing is shown; try again later");
        var page = Render<ControlRoomView>();
        page.WaitForAssertion(() => Assert.Equal("the audit log could not be written, so nothing is shown; try again later", page.Find("[data-test=error]").TextContent));
    }

    [Fact]
    public void Without_open_alerts_the_page_says_so_and_every_call_carries_the_token()
    {
        SignedInAs("operator");
        Quiet();
        var page = Render<ControlRoomView>();
        page.WaitForAssertion(() => Assert.Equal("Geen open meldingen.", page.Find(".alerts .empty").TextContent));
        Assert.All(Backend.Calls, c => Assert.Equal($"Bearer {Token}", c.Headers?.GetValue("authorization")));
        Assert.Contains(Backend.Calls, c => c.Method == Watch);
    }

    [Fact]
    public void Alerts_are_ordered_highest_priority_first_then_last_seen_and_escalations_are_marked()
    {
        SignedInAs("operator");
        var now = DateTimeOffset.UtcNow;
        Quiet(Alert("a-low", "low", now), Alert("a-crit-old", "critical", now.AddMinutes(-5), escalated: true), Alert("a-crit-new", "critical", now));
        var page = Render<ControlRoomView>();
        page.WaitForAssertion(() => Assert.Equal(["a-crit-new", "a-crit-old", "a-low"], page.FindAll("[data-test=alert]").Select(a => a.GetAttribute("data-alert"))));
        Assert.Contains("Geëscaleerd", page.Find("[data-alert=a-crit-old]").TextContent);
        Assert.Contains("prio-critical", page.Find("[data-alert=a-crit-new]").ClassName);
        Assert.Equal("3", page.Find("[data-test=open-count]").TextContent);
    }

    [Fact]
    public async Task A_new_alert_on_the_watch_stream_appears_and_a_resolved_one_leaves()
    {
        SignedInAs("operator");
        Quiet();
        var page = Render<ControlRoomView>();
        page.WaitForAssertion(() => Assert.Equal("Live", page.Find("[data-test=watch-state]").TextContent));
        var stream = Backend.Stream(Watch);
        await stream.Writer.WriteAsync(new AlertEvent { Change = "keepalive" }, Xunit.TestContext.Current.CancellationToken);
        await stream.Writer.WriteAsync(new AlertEvent { Change = "opened", Alert = Alert("a-1", "critical", DateTimeOffset.UtcNow) }, Xunit.TestContext.Current.CancellationToken);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-alert=a-1]")));
        var resolved = Alert("a-1", "critical", DateTimeOffset.UtcNow);
        resolved.Status = "resolved";
        resolved.Version = 3;
        await stream.Writer.WriteAsync(new AlertEvent { Change = "resolved", Alert = resolved }, Xunit.TestContext.Current.CancellationToken);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-alert=a-1]")));
    }

    [Fact]
    public void Resolving_takes_two_clicks_and_sends_the_outcome_and_note()
    {
        SignedInAs("operator");
        var alert = Alert("a-2", "high", DateTimeOffset.UtcNow);
        Quiet(alert);
        Backend.On<ResolveAlertRequest, AlertInfo>("/camerabeheer.v1.Alerts/Resolve", r => new AlertInfo(alert) { Status = "resolved", Outcome = r.Outcome, Note = r.Note, Version = 2 });
        var page = Render<ControlRoomView>();
        page.WaitForAssertion(() => page.Find("[data-alert=a-2]"));
        page.Find("[data-alert=a-2] .actions button.secondary").Click();
        page.Find("[data-alert=a-2] input").Change("jongeren weggestuurd");
        page.Find("[data-alert=a-2] button[data-outcome=staff]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-alert=a-2]")));
        var sent = (ResolveAlertRequest)Backend.Calls.Single(c => c.Method == "/camerabeheer.v1.Alerts/Resolve").Request;
        Assert.Equal(("staff", "jongeren weggestuurd", Site), (sent.Outcome, sent.Note, sent.Site));
    }
}
