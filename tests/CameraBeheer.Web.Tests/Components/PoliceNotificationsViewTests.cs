using Bunit;
using CameraBeheer.Web.Components.Pages;

namespace CameraBeheer.Web.Tests.Components;

public sealed class PoliceNotificationsViewTests : ConsoleTestContext
{
    private const string List = "/camerabeheer.v1.PoliceNotifications/List";
    private const string Watch = "/camerabeheer.v1.PoliceNotifications/Watch";

    private static PoliceNotificationInfo Notification(string id, string resident) => new()
    {
        Id = id, ResidentName = resident, Category = "regular", State = "delivered",
        Start = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)), ExpectedReturn = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(2)),
    };

    [Fact]
    public void Staff_are_refused_and_nothing_is_asked()
    {
        SignedInAs("staff");
        Assert.Contains("rol police; u bent aangemeld als staff", Render<PoliceNotificationsView>().Find("[data-test=refused]").TextContent);
        Assert.Empty(Backend.Calls);
    }

    [Fact]
    public void Loading_then_the_backends_error()
    {
        SignedInAs("police");
        var page = RenderLoadingThenFailing<PoliceNotificationsView, ListPoliceNotificationsRequest, ListPoliceNotificationsReply>(
            List, new Status(StatusCode.PermissionDenied, "the role police may not read the time-outs of another site"));
        page.WaitForAssertion(() => Assert.Equal("the role police may not read the time-outs of another site", page.Find("[data-test=error]").TextContent));
    }

    [Fact]
    public async Task Empty_then_a_new_notification_arrives_live_and_is_acknowledged()
    {
        SignedInAs("police", "Agent Bakker");
        Backend.On<ListPoliceNotificationsRequest, ListPoliceNotificationsReply>(List, _ => new ListPoliceNotificationsReply());
        Backend.On<AcknowledgePoliceNotificationRequest, PoliceNotificationInfo>("/camerabeheer.v1.PoliceNotifications/Acknowledge", r =>
        {
            var n = Notification(r.Id, "Anna de Boer");
            n.AcknowledgedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            n.AcknowledgedBy = "Agent Bakker";
            return n;
        });
        var page = Render<PoliceNotificationsView>();
        page.WaitForAssertion(() => Assert.Equal("Geen meldingen.", page.Find(".empty").TextContent));
        await Backend.Stream(Watch).Writer.WriteAsync(new PoliceNotificationEvent { Change = "keepalive" }, Xunit.TestContext.Current.CancellationToken);
        await Backend.Stream(Watch).Writer.WriteAsync(new PoliceNotificationEvent { Change = "new", Notification = Notification("pn-1", "Anna de Boer") }, Xunit.TestContext.Current.CancellationToken);
        page.WaitForAssertion(() => Assert.Equal("niet bevestigd", page.Find("tr[data-notification=pn-1] [data-test=state]").TextContent));
        Assert.Equal("1", page.Find("[data-test=open-count]").TextContent);
        page.Find("tr[data-notification=pn-1] button").Click();
        page.WaitForAssertion(() => Assert.StartsWith("bevestigd door Agent Bakker", page.Find("tr[data-notification=pn-1] [data-test=state]").TextContent));
        Assert.Equal("0", page.Find("[data-test=open-count]").TextContent);
        Assert.Empty(page.FindAll("tr[data-notification=pn-1] button"));
    }
}
