using Bunit;
using CameraBeheer.Web.Components.Pages;

namespace CameraBeheer.Web.Tests.Components;

public sealed class GateDeskViewTests : ConsoleTestContext
{
    private void Desk(params VisitInfo[] onSite)
    {
        Backend.On<ListResidentsRequest, ListResidentsReply>("/camerabeheer.v1.Residents/List", _ => new ListResidentsReply { Residents = { new ResidentInfo { Id = "r-1", Name = "Anna de Boer", Room = "12" } } });
        Backend.On<OnSiteRequest, OnSiteReply>("/camerabeheer.v1.Guests/OnSite", _ => new OnSiteReply { Visits = { onSite } });
        Backend.On<ListTimeOutsRequest, ListTimeOutsReply>("/camerabeheer.v1.TimeOuts/List", _ => new ListTimeOutsReply());
        Backend.On<ListReportsRequest, ListReportsReply>("/camerabeheer.v1.Reports/List", _ => new ListReportsReply());
    }

    [Fact]
    public void An_operator_is_refused_the_gate_desk()
    {
        SignedInAs("operator");
        var page = Render<GateDeskView>();
        Assert.Contains("staff of manager", page.Find("[data-test=refused]").TextContent);
        Assert.Empty(Backend.Calls);
    }

    [Fact]
    public void Loading_then_an_empty_site()
    {
        SignedInAs("staff");
        var residents = new TaskCompletionSource<ListResidentsReply>();
        Desk();
        Backend.OnAsync<ListResidentsRequest, ListResidentsReply>("/camerabeheer.v1.Residents/List", _ => residents.Task);
        var page = Render<GateDeskView>();
        Assert.Equal("Laden…", page.Find(".loading").TextContent);
        residents.SetResult(new ListResidentsReply { Residents = { new ResidentInfo { Id = "r-1", Name = "Anna de Boer", Room = "12" } } });
        page.WaitForAssertion(() => Assert.Equal("Geen gasten op het terrein.", page.Find("section .empty").TextContent));
        Assert.Contains("Anna de Boer (kamer 12)", page.Find("#visiting").TextContent);
    }

    [Fact]
    public void A_backend_error_is_shown()
    {
        SignedInAs("staff");
        Backend.Refuse("/camerabeheer.v1.Residents/List", StatusCode.PermissionDenied, "Residents/List needs the role staff, operator, manager or admin; this token's role is police");
        var page = Render<GateDeskView>();
        page.WaitForAssertion(() => Assert.Contains("needs the role", page.Find("[data-test=error]").TextContent));
    }

    [Fact]
    public void A_refused_time_out_is_shown_with_the_next_allowed_time()
    {
        SignedInAs("staff");
        Desk();
        Backend.Refuse("/camerabeheer.v1.TimeOuts/Start", StatusCode.FailedPrecondition, "no time-outs between 08:00 and 09:30 (pupils arriving); next allowed at 09:30");
        var page = Render<GateDeskView>();
        page.WaitForAssertion(() => page.Find("#to-resident"));
        page.Find("#to-resident").Change("r-1");
        page.Find("#to-reason").Change("schreeuwen in de gang");
        page.Find("form[data-test=time-out]").Submit();
        page.WaitForAssertion(() => Assert.Equal("no time-outs between 08:00 and 09:30 (pupils arriving); next allowed at 09:30", page.Find("[data-test=time-out-refused]").TextContent));
    }

    [Fact]
    public void Check_out_is_one_click()
    {
        SignedInAs("staff");
        var visit = new VisitInfo { Id = "v-1", GuestName = "Piet", ResidentName = "Anna de Boer", IdChecked = true };
        Desk(visit);
        Backend.On<CheckOutRequest, VisitInfo>("/camerabeheer.v1.Guests/CheckOut", _ => visit);
        var page = Render<GateDeskView>();
        page.WaitForAssertion(() => page.Find("tr[data-visit=v-1] button"));
        page.Find("tr[data-visit=v-1] button").Click();
        page.WaitForAssertion(() => Assert.Equal("Piet is uitgecheckt.", page.Find("[data-test=done]").TextContent));
        Assert.Equal("v-1", ((CheckOutRequest)Backend.Calls.Single(c => c.Method == "/camerabeheer.v1.Guests/CheckOut").Request).Visit);
    }
}
