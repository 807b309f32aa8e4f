namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The audit log records calls, and <c>camerabeheer audit verify</c> notices any edit, insertion or deletion.</summary>
public sealed class AuditTrailTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task Looking_back_at_a_cameras_events_is_recorded_with_who_and_what()
    {
        await UtcDay.AvoidMidnightAsync();
        using var client = fixture.Host.Client("operator", name: "Operator Jansen");
        var call = client.Cameras.Events(new CameraEventsRequest
        {
            Site = Site,
            Camera = "cam-07",
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }

        var lines = await File.ReadAllLinesAsync(TodaysAuditFile());
        Assert.Contains(lines, l => l.Contains("\"caller\":\"Operator Jansen\"") && l.Contains("\"role\":\"operator\"")
            && l.Contains("Cameras/Events") && l.Contains($"{Site}/cam-07"));
    }

    [Theory]
    [InlineData("edit", "line 3")]
    [InlineData("insert", "line 3")]
    [InlineData("delete-first", "line 1")]
    [InlineData("delete-middle", "line 3")]
    [InlineData("delete-last", "entries")]
    public async Task Audit_verify_names_the_first_broken_entry(string tampering, string named)
    {
        await UtcDay.AvoidMidnightAsync();
        await MakeEntriesAsync(5);
        var file = TodaysAuditFile();
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var (intactCode, intactOut, _) = await fixture.CliAsync("manager", "audit", "verify", "--day", day);
        Assert.True(intactCode == 0, intactOut);
        Assert.Contains("intact", intactOut);

        var original = (await File.ReadAllLinesAsync(file)).ToList();
        var tampered = Tamper(original, tampering);
        await File.WriteAllLinesAsync(file, tampered);
        try
        {
            var (code, output, error) = await fixture.CliAsync("admin", "audit", "verify", "--day", day);
            Assert.Equal(3, code);
            Assert.Contains("BROKEN", output + error);
            Assert.Contains(named, output + error);
        }
        finally
        {
            // Put the day back as it was, keeping what the verify call itself appended.
            var now = await File.ReadAllLinesAsync(file);
            await File.WriteAllLinesAsync(file, original.Concat(now.Skip(tampered.Count)));
        }
        var (againCode, againOut, _) = await fixture.CliAsync("manager", "audit", "verify", "--day", day);
        Assert.True(againCode == 0, againOut);
    }

    private static List<string> Tamper(List<string> lines, string how)
    {
        var copy = lines.ToList();
        switch (how)
        {
            case "edit":
                copy[1] = copy[1].Replace("\"outcome\":\"", "\"outcome\":\"x", StringComparison.Ordinal);
                break;
            case "insert":
                copy.Insert(2, copy[1]);
                break;
            case "delete-first":
                copy.RemoveAt(0);
                break;
            case "delete-middle":
                copy.RemoveAt(2);
                break;
            case "delete-last":
                copy.RemoveAt(copy.Count - 1);
                break;
        }
        return copy;
    }

    private async Task MakeEntriesAsync(int count)
    {
        using var client = fixture.Host.Client("manager");
        for (var i = 0; i < count; i++)
            await client.Audit.VerifyAsync(new VerifyAuditRequest { Site = Site, Day = DateTime.UtcNow.ToString("yyyy-MM-dd") });
    }

    private string TodaysAuditFile()
    {
        var now = DateTime.UtcNow;
        return Path.Combine(fixture.Host.DataDirectory, "audit", Site, $"{now:yyyy}", $"{now:MM}", $"{now:dd}.jsonl");
    }
}
