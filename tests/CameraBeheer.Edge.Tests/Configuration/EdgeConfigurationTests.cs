using CameraBeheer.Edge.Gate;
using CameraBeheer.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CameraBeheer.Edge.Tests.Configuration;

public sealed class EdgeConfigurationTests
{
    private const string GoodCameras = """
        "Cameras": [
          { "Id": "cam-01", "Source": "rtsp://10.0.0.21/stream1",
            "Regions": [ { "Name": "gate", "Points": [[0.1, 0.2], [0.5, 0.2], [0.5, 0.9]] }, { "Name": "forecourt", "Points": [[0, 0], [1, 0], [1, 1], [0, 1]] } ] },
          { "Id": "dome-01", "Source": "rtsp://10.0.0.90/ptz", "Presets": [ { "Number": 1, "Name": "fietspad-west", "DwellSeconds": 60 }, { "Number": 3 } ] }
        ],
        "Gates": [ { "Id": "hoofdingang", "Host": "10.0.0.40", "Port": 4001 } ]
        """;

    [Fact]
    public void Flags_become_configuration_keys()
    {
        var settings = EdgeArguments.Parse(["--broker", "10.0.0.5:1883", "--data=/var/lib/camerabeheer", "--simulate", "--site-config", "site.json"]);

        Assert.Equal("10.0.0.5:1883", settings["Edge:Mqtt:Broker"]);
        Assert.Equal("/var/lib/camerabeheer", settings["Edge:Data"]);
        Assert.Equal("true", settings["Edge:Simulate"]);
        Assert.Equal("site.json", settings["Edge:SiteConfigFile"]);
        Assert.Equal("false", EdgeArguments.Parse(["--simulate=false"])["Edge:Simulate"]);
        Assert.Equal("[::1]:1883", EdgeArguments.Parse(["--broker", "[::1]:1883"])["Edge:Mqtt:Broker"]);
    }

    [Theory]
    [InlineData("--brokr x:1", "unknown option '--brokr'")]
    [InlineData("--broker", "option --broker needs a value")]
    [InlineData("--broker --simulate", "option --broker needs a value")]
    [InlineData("--broker localhost", "'localhost' has no port")]
    [InlineData("--broker localhost:99999", "port '99999', which is not a port number")]
    [InlineData("--broker ::1:1883", "an IPv6 address is written [::1]:1883")]
    [InlineData("--simulate yes", "unexpected argument 'yes'")]
    [InlineData("--simulate=maybe", "--simulate takes no value")]
    [InlineData("--data a --data b", "option --data is given twice")]
    [InlineData("data", "unexpected argument 'data'")]
    public void Bad_flags_stop_the_start_with_a_message(string args, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => EdgeArguments.Parse(args.Split(' ')));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_configuration_binds_with_its_geometry_kept_as_given()
    {
        var options = Load($$"""{ "Edge": { "Site": "domus-almere-poort", "Agent": "edge-1", "Mqtt": { "Broker": "broker.local:8883", "Tls": true }, {{GoodCameras}} } }""");

        Assert.Equal("broker.local:8883", options.Mqtt.Broker);
        Assert.Equal([0.5, 0.9], options.Cameras[0].Regions[0].Points[2]);
        Assert.Equal(4, options.Cameras[0].Regions[1].Points.Count);
        Assert.Equal([1, 3], options.Cameras[1].Presets.Select(p => p.Number));
        Assert.Equal(("hoofdingang", "10.0.0.40", 4001), (options.Gates[0].Id, options.Gates[0].Host, options.Gates[0].Port));
        Assert.Equal(Path.GetFullPath("./data/.edge/edge-1"), options.ResolvedStateFolder);
    }

    [Theory]
    [InlineData("""{ "Cameras": [ { "Id": "Cam_01", "Source": "rtsp://x" } ] }""", "Edge:Cameras:0:Id 'Cam_01' is not a valid camera id: lower-case letters")]
    [InlineData("""{ "Cameras": [ { "Id": "cam-01" } ] }""", "Edge:Cameras:0 (cam-01):Source is missing")]
    [InlineData("""{ "Cameras": [ { "Id": "cam-01", "Source": "rtsp://x", "Regions": [ { "Name": "Voordeur" } ] } ] }""", "Edge:Cameras:0 (cam-01):Regions:0:Name 'Voordeur' is not a valid region name id")]
    [InlineData("""{ "Cameras": [ { "Id": "cam-01", "Source": "rtsp://x", "Regions": [ { "Name": "gate" }, { "Name": "gate" } ] } ] }""", "Edge:Cameras:0 (cam-01):Regions:1:Name 'gate' is listed twice")]
    [InlineData("""{ "Cameras": [ { "Id": "cam-01", "Source": "a" }, { "Id": "cam-02", "Source": "b" }, { "Id": "cam-01", "Source": "c" } ] }""", "Edge:Cameras:2:Id 'cam-01' is a duplicate of Edge:Cameras:0:Id")]
    [InlineData("""{ "Cameras": [ { "Id": "dome-01", "Source": "a", "Presets": [ { "Number": 2 }, { "Number": 2 } ] } ] }""", "Edge:Cameras:0 (dome-01):Presets:1:Number 2 is listed twice")]
    [InlineData("""{ "Gates": [ { "Id": "poort" } ] }""", "Edge:Gates:0 (poort):Host is missing")]
    [InlineData("""{ "Gates": [ { "Id": "poort", "Host": "10.0.0.40" } ] }""", "Edge:Gates:0 (poort):Port is missing")]
    [InlineData("""{ "Gates": [ { "Id": "poort", "Host": "10.0.0.40:4001", "Port": 4001 } ] }""", "Edge:Gates:0 (poort):Host '10.0.0.40:4001' holds a port")]
    [InlineData("""{ "Gates": [ { "Id": "poort", "Host": "h", "Port": 70000 } ] }""", "Edge:Gates:0 (poort):Port is 70000; expected a TCP port 1-65535")]
    [InlineData("""{ "Gates": [ { "Id": "poort", "Host": "h", "Port": 1 }, { "Id": "poort", "Host": "h", "Port": 2 } ] }""", "Edge:Gates:1:Id 'poort' is a duplicate of Edge:Gates:0:Id")]
    [InlineData("""{ "Mqtt": { "Broker": "localhost" }, "Gates": [ { "Id": "g", "Host": "h", "Port": 1 } ] }""", "Edge:Mqtt:Broker 'localhost' has no port")]
    [InlineData("""{ "Mqtt": { "Password": "x" }, "Gates": [ { "Id": "g", "Host": "h", "Port": 1 } ] }""", "Edge:Mqtt:Password is set but Edge:Mqtt:UserName is not")]
    [InlineData("""{ }""", "Edge:Cameras and Edge:Gates are both empty")]
    public void Bad_configuration_names_the_setting(string edgeSection, string message)
    {
        var inner = edgeSection.Trim()[1..^1].Trim();
        var json = inner.Length == 0 ? """{ "Edge": { "Site": "domus-almere-poort" } }""" : $$"""{ "Edge": { "Site": "domus-almere-poort", {{inner}} } }""";
        var e = Assert.Throws<EdgeConfigurationException>(() => Load(json));
        Assert.Contains(e.Problems, p => p.Contains(message, StringComparison.Ordinal));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_bad_site_id_is_named()
    {
        var e = Assert.Throws<EdgeConfigurationException>(() => Load("""{ "Edge": { "Gates": [ { "Id": "g", "Host": "h", "Port": 1 } ] } }"""));
        Assert.Contains("Edge:Site is missing", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<EdgeConfigurationException>(() => Load("""{ "Edge": { "Site": "Domus Almere", "Gates": [ { "Id": "g", "Host": "h", "Port": 1 } ] } }"""));
        Assert.Contains("Edge:Site 'Domus Almere' is not a valid site id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named_by_its_key()
    {
        var e = Assert.Throws<EdgeConfigurationException>(() => Load("""{ "Edge": { "Site": "s", "Gates": [ { "Id": "g", "Host": "h", "Port": "four" } ] } }"""));
        Assert.Contains("Edge:Gates:0:Port", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<EdgeConfigurationException>(() => Load("""{ "Edge": { "Site": "s", "Cameras": [ { "Id": "c", "Source": "x", "Regions": [ { "Name": "r", "Points": [[0, 0], [1, "far"], [1, 1]] } ] } ] } }"""));
        Assert.Contains("Edge:Cameras:0:Regions:0:Points:1 is not a point", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<EdgeConfigurationException>(() => Load("""{ "Edge": { "Site": "s", "Cameras": [ { "Id": "c", "Source": "x", "Presets": [ { "Number": "one" } ] } ] } }"""));
        Assert.Contains("Edge:Cameras:0:Presets:0:Number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulating_needs_no_sources_and_no_cameras()
    {
        var options = Load("""{ "Edge": { "Site": "domus-almere-poort", "Simulate": true, "Cameras": [ { "Id": "cam-01" } ] } }""");
        Assert.True(options.Simulate);
    }

    [Fact]
    public void Cameras_regions_presets_and_gates_are_checked_against_the_site_configuration()
    {
        var site = Path.Combine(RepoRoot(), "config", "sites", "domus-almere-poort.json");
        var good = Load($$"""{ "Edge": { "Site": "domus-almere-poort", "SiteConfigFile": "{{site}}", {{GoodCameras}} } }""");
        Assert.Equal(2, good.Cameras.Count);

        var e = Assert.Throws<EdgeConfigurationException>(() => Load($$"""
            { "Edge": { "Site": "domus-almere-poort", "SiteConfigFile": "{{site}}",
              "Cameras": [ { "Id": "cam-01", "Source": "a", "Regions": [ { "Name": "parking" } ] },
                           { "Id": "cam-99", "Source": "b" },
                           { "Id": "dome-01", "Source": "c", "Presets": [ { "Number": 7 } ] } ],
              "Gates": [ { "Id": "achterpoort", "Host": "h", "Port": 1 } ] } }
            """));

        Assert.Contains("Edge:Cameras:0 (cam-01):Regions:0:Name 'parking' is not a region of camera 'cam-01' in Edge:SiteConfigFile (it has gate, forecourt)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:Cameras:1 (cam-99):Id 'cam-99' is not a camera of site 'domus-almere-poort'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:Cameras:2 (dome-01):Presets:0:Number 7 is not a preset of camera 'dome-01'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:Gates:0 (achterpoort):Id 'achterpoort' is not a gate of site 'domus-almere-poort'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_site_configuration_is_named()
    {
        var e = Assert.Throws<EdgeConfigurationException>(() => Load("""{ "Edge": { "Site": "s", "SiteConfigFile": "/nonexistent/site.json", "Simulate": true } }"""));
        Assert.Contains("Edge:SiteConfigFile '/nonexistent/site.json' cannot be used", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_retention_and_disk_settings_are_named()
    {
        var e = Assert.Throws<EdgeConfigurationException>(() => Load(
            """{ "Edge": { "Site": "s", "Gates": [ { "Id": "g", "Host": "127.0.0.1", "Port": 4001 } ], "Retention": { "SweepMinutes": 0 }, "Disk": { "MinimumFreeMiB": 2000, "ResumeFreeMiB": 1000 } } }"""));
        Assert.Contains("Edge:Retention:SweepMinutes is 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:Disk:ResumeFreeMiB is 1000; it must be at least Edge:Disk:MinimumFreeMiB (2000)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_messaging_half_is_registered_from_configuration_and_flags()
    {
        using var folder = new TempFolder("registration");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:Site"] = "domus-almere-poort",
            ["Edge:Agent"] = "edge-1",
            ["Edge:Gates:0:Id"] = "hoofdingang",
            ["Edge:Gates:0:Host"] = "127.0.0.1",
            ["Edge:Gates:0:Port"] = "4001",
        });
        builder.Configuration.AddInMemoryCollection(EdgeArguments.Parse(["--broker", "127.0.0.1:1884", "--data", folder.Path]));

        var options = builder.AddEdgeMessaging();
        using var host = builder.Build();

        Assert.Equal(Path.Combine(folder.Path, ".edge", "edge-1"), options.ResolvedStateFolder);
        Assert.IsType<EdgeEventSink>(host.Services.GetRequiredService<IEdgeEventSink>());
        Assert.Equal(Path.GetFullPath(folder.Path), host.Services.GetRequiredService<LocalDiskBlobStore>().Root);
        Assert.Equal("hoofdingang", Assert.Single(host.Services.GetServices<GateAgent>()).Gate);
        Assert.Equal(5, host.Services.GetServices<IHostedService>().Count()); // publisher, uploader, four-week rule, disk guard, gate agents
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is CameraBeheer.Edge.Retention.EdgeRetentionSweeper);
        var guard = host.Services.GetRequiredService<CameraBeheer.Edge.Video.IFootageDisk>();
        Assert.Equal(Path.Combine(options.ResolvedStateFolder, "recording"), ((CameraBeheer.Edge.Disk.FootageDiskGuard)guard).Figures.Path);
        Assert.Equal(1024L * 1024 * 1024, ((CameraBeheer.Edge.Disk.FootageDiskGuard)guard).Figures.MinimumFreeBytes);
        Assert.True(Directory.Exists(Path.Combine(options.ResolvedStateFolder, "outbox", "journal")));
    }

    private static EdgeOptions Load(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return EdgeOptionsValidator.Load(configuration);
    }

    private static string RepoRoot() => TestPaths.RepoRoot;
}
