using CameraBeheer.Cli.Output;
using CameraBeheer.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Cli.Tests;

public sealed class DisplayTests
{
    private static readonly Display Local = new(utc: false);
    private static readonly Display Utc = new(utc: true);

    [Fact]
    public void Winter_time_is_shown_in_Amsterdam_at_plus_one() =>
        Assert.Equal("2026-11-22 11:00:02+01:00", Local.Time(new DateTimeOffset(2026, 11, 22, 10, 0, 2, TimeSpan.Zero)));

    [Fact]
    public void Summer_time_is_shown_in_Amsterdam_at_plus_two() =>
        Assert.Equal("2026-07-01 12:30:00+02:00", Local.Time(new DateTimeOffset(2026, 7, 1, 10, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void Utc_option_shows_times_in_utc_with_Z() =>
        Assert.Equal("2026-11-22 10:00:02Z", Utc.Time(new DateTimeOffset(2026, 11, 22, 11, 0, 2, TimeSpan.FromHours(1))));

    [Fact]
    public void Protobuf_timestamps_are_shown_the_same_way() =>
        Assert.Equal("2026-07-01 12:30:00+02:00", Local.Time(Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 7, 1, 10, 30, 0, TimeSpan.Zero))));

    [Fact]
    public void Missing_times_are_shown_as_a_dash()
    {
        Assert.Equal("-", Local.Time((Timestamp?)null));
        Assert.Equal("-", Local.Time(new Timestamp()));
        Assert.Equal("-", Utc.Time((DateTimeOffset?)null));
    }

    [Fact]
    public void Control_characters_from_the_server_cannot_reach_the_terminal()
    {
        Assert.Equal(@"a\u001b[2Jb\u000ac", Display.Clean("a\u001b[2Jb\nc"));
        Assert.Equal(@"x\u202etxt", Display.Clean("x\u202Etxt"));
        Assert.Equal("Hal 1e verdieping", Display.Clean("Hal 1e verdieping"));
    }

    [Fact]
    public void Site_status_shows_cameras_gates_zones_and_retention()
    {
        var lines = Display.SiteLines(new SiteStatusReply
        {
            Site = "domus-almere-poort", SiteName = "Domus Almere Poort", Cameras = 38, CamerasOnline = 12, Gates = 1, GatesOnline = 1, Zones = 14, RetentionDays = 28,
        });

        Assert.Equal(
            ["site:     domus-almere-poort (Domus Almere Poort)", "cameras:  38 (12 online)", "gates:    1 (1 online)   zones: 14   retention: 28 days"],
            lines);
    }

    [Fact]
    public void Site_status_shows_the_silos_of_the_cluster_and_which_one_answered()
    {
        var lines = Display.SiteLines(new SiteStatusReply
        {
            Site = "s", SiteName = "S", Cameras = 2, CamerasOnline = 2, Gates = 0, Zones = 1, RetentionDays = 28,
            Silos = 3, SilosActive = 2, Silo = "node-2",
        });

        Assert.Contains("silos:    3 (2 active)   answered by: node-2", lines);
    }

    [Fact]
    public void Camera_table_has_a_row_per_camera_with_motion_region()
    {
        var reply = new ListCamerasReply { Site = "s", SiteName = "S" };
        reply.Cameras.Add(new CameraInfo
        {
            Camera = "cam-01", Kind = "facility", Placement = "interior", Status = "online",
            LastSeen = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 22, 10, 0, 2, TimeSpan.Zero)),
            LastMotion = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 22, 9, 59, 0, TimeSpan.Zero)),
            LastMotionRegion = "door",
        });
        reply.Cameras.Add(new CameraInfo { Camera = "dome-1", Kind = "dome", Placement = "exterior", Status = "unknown" });

        var lines = Local.CameraTable(reply).ToArray();

        Assert.Equal("site: s (S), 2 cameras", lines[0]);
        Assert.Equal("CAMERA  KIND      PLACEMENT  STATUS   LAST SEEN                  LAST MOTION", lines[1]);
        Assert.Equal("cam-01  facility  interior   online   2026-11-22 11:00:02+01:00  2026-11-22 10:59:00+01:00 (door)", lines[2]);
        Assert.Equal("dome-1  dome      exterior   unknown  -                          -", lines[3]);
    }

    [Fact]
    public void Camera_detail_lists_motion_per_region()
    {
        var camera = new CameraInfo { Site = "s", Camera = "cam-01", Name = "Gang", EventsReceived = 1234 };
        camera.Regions.Add(new RegionMotion
        {
            Region = "door", Active = true, LastScore = 0.875,
            LastMotion = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)),
        });
        camera.Regions.Add(new RegionMotion { Region = "bed", Active = false });

        var lines = Utc.CameraDetail(camera).ToArray();

        Assert.Contains("camera:       s/cam-01", lines);
        Assert.Contains("location:     -", lines);
        Assert.Contains("events:       1234 received", lines);
        Assert.Contains("  door    yes     2026-11-22 10:00:00Z  0.88", lines);
        Assert.Contains("  bed     no      -                     0.00", lines);
    }

    [Fact]
    public void Event_line_has_time_type_id_and_json_on_one_line()
    {
        var e = new CameraEvent
        {
            Id = "m-1", Type = "motion", Json = "{\"phase\":\"start\",\n\"score\":0.9}",
            Ts = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 22, 10, 0, 2, TimeSpan.Zero)),
        };

        Assert.Equal(@"2026-11-22 11:00:02+01:00  motion   m-1  {""phase"":""start"",\u000a""score"":0.9}", Local.EventLine(e));
    }

    [Fact]
    public void Audit_result_says_intact_or_where_it_broke()
    {
        Assert.Equal("audit chain intact: 120 entries in 3 days", Display.AuditResult(new VerifyAuditReply { Intact = true, EntriesChecked = 120, DaysChecked = 3 }));
        Assert.Equal("audit chain intact: 1 entry in 1 day", Display.AuditResult(new VerifyAuditReply { Intact = true, EntriesChecked = 1, DaysChecked = 1 }));
        Assert.Equal(
            "audit chain BROKEN in audit/s/2026/11/22.jsonl line 7: hash mismatch",
            Display.AuditResult(new VerifyAuditReply { BrokenFile = "audit/s/2026/11/22.jsonl", BrokenLine = 7, Problem = "hash mismatch" }));
    }
}
