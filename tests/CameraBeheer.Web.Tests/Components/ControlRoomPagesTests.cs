using Bunit;
using CameraBeheer.Web.Components.Pages;
using Google.Protobuf;

namespace CameraBeheer.Web.Tests.Components;

/// <summary>The control room's camera wall, zones and camera page: their states against a fake backend.</summary>
public sealed class ControlRoomPagesTests : ConsoleTestContext
{
    private const string List = "/camerabeheer.v1.Cameras/List";
    private const string Still = "/camerabeheer.v1.Cameras/Still";

    [Fact]
    public void Staff_are_refused_the_wall_the_zones_and_a_camera_and_nothing_is_asked()
    {
        SignedInAs("staff");
        Assert.Contains("rol operator of manager; u bent aangemeld als staff", Render<CameraWallView>().Find("[data-test=refused]").TextContent);
        Assert.Contains("rol operator of manager; u bent aangemeld als staff", Render<ZonesView>().Find("[data-test=refused]").TextContent);
        Assert.Contains("rol operator of manager; u bent aangemeld als staff", Render<CameraView>(p => p.Add(v => v.Camera, "cam-01")).Find("[data-test=refused]").TextContent);
        Assert.Empty(Backend.Calls);
    }

    [Fact]
    public void The_wall_shows_loading_then_the_backends_error()
    {
        SignedInAs("operator");
        var page = RenderLoadingThenFailing<CameraWallView, ListCamerasRequest, ListCamerasReply>(
            List, new Status(StatusCode.Unavailable, "the audit log could not be written, so nothing is shown; try again later"));
        page.WaitForAssertion(() => Assert.Contains("audit log could not be written", page.Find("[data-test=error]").TextContent));
    }

    [Fact]
    public void The_wall_without_cameras_says_so()
    {
        SignedInAs("operator");
        Backend.On<ListCamerasRequest, ListCamerasReply>(List, _ => new ListCamerasReply());
        var page = Render<CameraWallView>();
        page.WaitForAssertion(() => Assert.Equal("Geen camera's.", page.Find(".empty").TextContent));
    }

    [Fact]
    public void The_wall_shows_each_cameras_status_preset_and_picture_with_the_walls_reason_and_a_camera_without_footage_says_so()
    {
        SignedInAs("operator");
        Backend.On<ListCamerasRequest, ListCamerasReply>(List, _ => new ListCamerasReply
        {
            Cameras =
            {
                new CameraInfo { Camera = "cam-01", Status = "online", LastSeen = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
                new CameraInfo { Camera = "dome-01", Status = "offline", CurrentPreset = 3, CurrentPresetName = "hoofdingang" },
            },
        });
        Backend.On<CameraStillRequest, CameraStill>(Still, r => r.Camera == "cam-01"
            ? new CameraStill { Camera = "cam-01", Segment = "footage/x/cam-01/a.mp4", SegmentStart = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Jpeg = ByteString.CopyFrom(0xFF, 0xD8, 0xFF) }
            : throw new RpcException(new Status(StatusCode.NotFound, "camera dome-01 has no stored footage yet")));
        var page = Render<CameraWallView>();
        page.WaitForAssertion(() => Assert.Equal("data:image/jpeg;base64,/9j/", page.Find("li[data-camera=cam-01] img").GetAttribute("src")));
        Assert.Equal("online", page.Find("li[data-camera=cam-01] [data-test=status]").TextContent);
        Assert.Contains("camera-offline", page.Find("li[data-camera=dome-01]").ClassName);
        Assert.Contains("preset 3 hoofdingang", page.Find("li[data-camera=dome-01] [data-test=preset]").TextContent);
        Assert.Equal("nog geen beelden", page.Find("li[data-camera=dome-01] [data-test=no-still]").TextContent);
        Assert.All(Backend.Calls.Where(c => c.Method == Still).Select(c => (CameraStillRequest)c.Request), r => Assert.Equal(CameraWallView.WallReason, r.Reason));
    }

    [Fact]
    public void Zones_show_which_feeds_are_active_now_and_none_says_so()
    {
        SignedInAs("manager");
        Backend.On<ListZonesRequest, ListZonesReply>("/camerabeheer.v1.Cameras/Zones", _ => new ListZonesReply
        {
            Zones =
            {
                new ZoneInfo { Zone = "hoofdingang", Name = "Hoofdingang", Kind = "Entrance", Feeds = { "cam-01/gate", "dome-01 preset 3" }, ActiveFeeds = { "cam-01/gate" } },
                new ZoneInfo { Zone = "fietspad", Name = "Fietspad", Kind = "BikePath", Feeds = { "cam-03/bike-path" } },
                new ZoneInfo { Zone = "straal-250m", Name = "Straal", Kind = "Radius", Feeds = { "cam-31", "cam-03/sidewalk" }, ActiveFeeds = { "cam-31/bus-stop" } },
            },
        });
        var page = Render<ZonesView>();
        page.WaitForAssertion(() => Assert.Equal("cam-01/gate", page.Find("tr[data-zone=hoofdingang] [data-test=active]").TextContent));
        Assert.Equal("cam-01/gate", page.Find("tr[data-zone=hoofdingang] .feed.active").TextContent);
        Assert.Equal("geen", page.Find("tr[data-zone=fietspad] [data-test=active]").TextContent);
        Assert.Empty(page.FindAll("tr[data-zone=fietspad] .feed.active"));
        // Motion in a region of a camera the zone takes whole lights that camera's feed.
        Assert.Equal(["cam-31"], page.FindAll("tr[data-zone=straal-250m] .feed.active").Select(f => f.TextContent));
    }

    [Fact]
    public void A_camera_page_shows_its_timeline_and_plays_a_segment_only_after_a_reason()
    {
        SignedInAs("operator");
        var start = new DateTimeOffset(2026, 11, 30, 10, 15, 0, TimeSpan.Zero);
        Backend.On<GetCameraRequest, CameraInfo>("/camerabeheer.v1.Cameras/Get", r => new CameraInfo { Camera = r.Camera, Name = "Poort", Status = "online" });
        Backend.On<CameraSegmentsRequest, CameraSegmentsReply>("/camerabeheer.v1.Cameras/Segments", _ => new CameraSegmentsReply { Segments = { new StoredSegment { Start = Timestamp.FromDateTimeOffset(start), Bytes = 204800 } } });
        var events = Backend.Stream("/camerabeheer.v1.Cameras/Events");
        events.Writer.TryWrite(new CameraEvent { Id = "e1", Type = "motion.start", Ts = Timestamp.FromDateTimeOffset(start) });
        events.Writer.TryWrite(new CameraEvent { Id = "e2", Type = "motion.end", Ts = Timestamp.FromDateTimeOffset(start.AddSeconds(5)) });
        events.Writer.Complete();
        var page = Render<CameraView>(p => p.Add(v => v.Camera, "cam-01"));
        page.WaitForAssertion(() => Assert.Equal(["motion.end", "motion.start"], page.FindAll("[data-test=timeline] li").Select(li => li.GetAttribute("data-type"))));
        page.Find("form[data-test=playback]").Submit();
        Assert.Empty(page.FindAll("video"));
        Assert.Contains("Geef eerst een reden", page.Find("[data-test=error]").TextContent);
        page.Find("#playback-reason").Input("controle na melding");
        page.Find("form[data-test=playback]").Submit();
        Assert.Equal("/meldkamer/opname?camera=cam-01&start=20261130T101500Z&reden=controle%20na%20melding", page.Find("video").GetAttribute("src"));
        Assert.Empty(page.FindAll("[data-test=error]"));
    }

    [Fact]
    public void A_camera_without_segments_says_so()
    {
        SignedInAs("manager");
        Backend.On<GetCameraRequest, CameraInfo>("/camerabeheer.v1.Cameras/Get", r => new CameraInfo { Camera = r.Camera });
        Backend.On<CameraSegmentsRequest, CameraSegmentsReply>("/camerabeheer.v1.Cameras/Segments", _ => new CameraSegmentsReply());
        Backend.Stream("/camerabeheer.v1.Cameras/Events").Writer.Complete();
        var page = Render<CameraView>(p => p.Add(v => v.Camera, "cam-09"));
        page.WaitForAssertion(() => Assert.Equal("Geen opgeslagen segmenten in de laatste 24 uur.", page.FindAll(".empty")[0].TextContent));
        Assert.Empty(page.FindAll("form[data-test=playback]"));
    }
}
