namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The backend as a user runs it: start, events in, answers out, stop, start again.</summary>
public sealed class HostLifecycleTests
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Motion_published_over_mqtt_is_readable_through_grpc_and_the_cli_and_survives_a_restart()
    {
        var data = TestPaths.NewFolder("restart");
        var motionTime = DateTimeOffset.UtcNow.AddSeconds(-5);
        var mqttPort = FreePorts.Next();

        await using (var host = await HostProcess.StartAsync(data, mqttPort))
        {
            Assert.Matches(@"^ready: grpc=http://127\.0\.0\.1:\d+ mqtt=127\.0\.0\.1:\d+ data=.+$", host.ReadyLine);
            await using (var edge = await EdgePublisher.ConnectAsync(host))
                await edge.PublishAsync(EdgeTopics.Motion(Site, "cam-01"), EdgePublisher.Motion("m-1", motionTime, "start", "forecourt", 0.42));

            using var client = host.Client("operator");
            var camera = await Eventually.GetAsync(
                () => client.Cameras.GetAsync(new GetCameraRequest { Site = Site, Camera = "cam-01" }).ResponseAsync,
                c => c.LastMotion is not null, "the motion event to reach cam-01");
            AssertShowsMotion(camera, motionTime);

            var (code, output, _) = await new CliRunner(host).RunAsync("operator", "cameras", "show", $"{Site}/cam-01");
            Assert.Equal(0, code);
            Assert.Contains("forecourt", output);
            Assert.Contains(LocalTime(motionTime), output);

            Assert.Equal(0, await host.StopAsync());
        }

        await using (var again = await HostProcess.StartAsync(data, mqttPort))
        {
            using var client = again.Client("manager");
            var camera = await client.Cameras.GetAsync(new GetCameraRequest { Site = Site, Camera = "cam-01" });
            AssertShowsMotion(camera, motionTime);
        }
    }

    [Fact]
    public async Task Sigint_stops_the_host_cleanly()
    {
        await using var host = await HostProcess.StartAsync();
        Assert.Equal(0, await host.InterruptAsync());
    }

    [Fact]
    public async Task The_signing_key_is_created_on_first_start_readable_only_by_its_owner()
    {
        await using var host = await HostProcess.StartAsync();
        var key = Contracts.Auth.SigningKeyFile.PathIn(host.DataDirectory);
        Assert.True(File.Exists(key));
        if (OperatingSystem.IsWindows()) Assert.Skip("file modes are POSIX");
        else Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Theory]
    [InlineData("--grpc-port", "abc", "--grpc-port 'abc' is not a port number")]
    [InlineData("--mqtt-port", "70000", "--mqtt-port '70000' is not a port number")]
    [InlineData("--colour", "blue", "unknown option '--colour'")]
    public async Task A_bad_flag_stops_the_start_with_a_message_naming_it(string flag, string value, string expected)
    {
        var output = await RefusedStart.OutputAsync(TestPaths.NewFolder("badflag"), [flag, value]);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }

    [Fact]
    public async Task An_invalid_site_file_stops_the_start_naming_the_file_and_the_json_path()
    {
        var folder = TestPaths.NewFolder("badsite");
        var broken = await EditedSiteFile.WriteAsync(folder, "broken-site.json",
            "\"name\": \"Poort hoofdingang\", \"camera\": \"cam-01\"", "\"name\": \"Poort hoofdingang\", \"camera\": \"cam-99\"");

        var output = await RefusedStart.OutputAsync(folder, ["--site-config", broken]);
        Assert.Contains("broken-site.json", output);
        Assert.Contains("$.gates[0].camera", output);
        Assert.Contains("cam-99", output);
    }

    private static void AssertShowsMotion(CameraInfo camera, DateTimeOffset motionTime)
    {
        Assert.Equal("forecourt", camera.LastMotionRegion);
        Assert.Equal(motionTime.ToUnixTimeMilliseconds(), camera.LastMotion.ToDateTimeOffset().ToUnixTimeMilliseconds());
        var region = Assert.Single(camera.Regions, r => r.Region == "forecourt");
        Assert.True(region.Active);
        Assert.Equal(0.42, region.LastScore, 3);
    }

    private static string LocalTime(DateTimeOffset t)
    {
        var local = TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        return local.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
    }
}
