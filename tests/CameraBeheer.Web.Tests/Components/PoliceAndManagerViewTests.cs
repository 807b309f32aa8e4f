using Bunit;
using CameraBeheer.Web.Components.Pages;

namespace CameraBeheer.Web.Tests.Components;

public sealed class PoliceAndManagerViewTests : ConsoleTestContext
{
    private void Requests(params FootageRequestLine[] lines)
    {
        Backend.On<ListCamerasRequest, ListCamerasReply>("/camerabeheer.v1.Cameras/List", _ => new ListCamerasReply
        {
            Cameras = { new CameraInfo { Camera = "cam-01", Name = "Poort", Placement = "exterior" }, new CameraInfo { Camera = "cam-20", Name = "Gang", Placement = "interior" } },
        });
        Backend.On<ListFootageRequestsRequest, ListFootageRequestsReply>("/camerabeheer.v1.FootageRequests/List", _ => new ListFootageRequestsReply { Requests = { lines } });
    }

    [Fact]
    public void Staff_is_refused_the_police_page()
    {
        SignedInAs("staff");
        var page = Render<PoliceView>();
        Assert.Contains("Deze pagina is voor de rol police; u bent aangemeld als staff", page.Find("[data-test=refused]").TextContent);
    }

    [Fact]
    public void An_officer_without_requests_sees_that_and_an_interior_camera_asks_for_126nf()
    {
        SignedInAs("police");
        Requests();
        var page = Render<PoliceView>();
        page.WaitForAssertion(() => Assert.Equal("Nog geen verzoeken.", page.Find(".empty").TextContent));
        Assert.Contains("binnen", page.FindAll("fieldset label").Single(l => l.TextContent.Contains("cam-20")).TextContent);
        Assert.Empty(page.FindAll("#authorisation"));
        page.FindAll("fieldset input[type=checkbox]")[1].Change(true);
        Assert.Contains("126nf", page.Find(".refusal").TextContent);
        Assert.Single(page.FindAll("#authorisation"));
    }

    [Fact]
    public void The_police_page_shows_loading_then_an_error_in_the_backends_words()
    {
        SignedInAs("police");
        var page = RenderLoadingThenFailing<PoliceView, ListCamerasRequest, ListCamerasReply>(
            "/camerabeheer.v1.Cameras/List", new Status(StatusCode.Unavailable, "the audit log could not be written, so nothing is shown; try again later"));
        page.WaitForAssertion(() => Assert.Contains("audit log", page.Find("[data-test=error]").TextContent));
    }

    [Fact]
    public void A_manager_cannot_approve_their_own_request()
    {
        SignedInAs("manager", "Marieke de Vries");
        Requests(
            new FootageRequestLine { Id = "fr-1", CaseNumber = "PL1", Basis = "126nd", State = "submitted", RequestedBy = "Marieke de Vries" },
            new FootageRequestLine { Id = "fr-2", CaseNumber = "PL2", Basis = "126nd", State = "submitted", RequestedBy = "Agent Bakker" });
        var page = Render<ManagerView>();
        page.WaitForAssertion(() => page.Find("tr[data-request=fr-2] button"));
        Assert.Empty(page.FindAll("tr[data-request=fr-1] button"));
        Assert.Contains("uw eigen verzoek", page.Find("tr[data-request=fr-1]").TextContent);
    }

    [Fact]
    public void An_operator_is_refused_the_managers_page_and_an_empty_list_says_so()
    {
        SignedInAs("operator");
        Assert.Contains("manager of admin", Render<ManagerView>().Find("[data-test=refused]").TextContent);
    }

    [Fact]
    public void A_manager_without_requests_sees_that()
    {
        SignedInAs("manager");
        Requests();
        var page = Render<ManagerView>();
        page.WaitForAssertion(() => Assert.Equal("Geen verzoeken.", page.Find(".empty").TextContent));
    }
}
