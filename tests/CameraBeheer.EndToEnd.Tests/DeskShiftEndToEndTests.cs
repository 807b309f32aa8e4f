namespace CameraBeheer.EndToEnd.Tests;

/// <summary>A staff member runs a shift at the gate desk from the CLI against the real host.</summary>
public sealed class DeskShiftEndToEndTests(DeskHostFixture fixture) : IClassFixture<DeskHostFixture>
{
    private const string Site = "domus-almere-poort";

    [Fact]
    public async Task A_shift_checks_guests_in_and_out_sees_who_is_on_site_handles_a_time_out_and_answers_a_school()
    {
        await UtcDay.AvoidMidnightAsync();
        var anna = FirstLine(await OkAsync("manager", "residents", "add", "--name", "Anna de Boer", "--room", "1.07"));
        var bram = FirstLine(await OkAsync("manager", "residents", "add", "--name", "Bram Smit", "--room", "2.03"));
        Assert.Matches("^r-[0-9]{2}$", anna);

        var visit = FirstLine(await OkAsync("staff", "guests", "checkin", "--name", "Piet Jansen", "--visiting", anna, "--until", "+2h", "--id-checked"));
        Assert.Matches("^v-[0-9]{4}$", visit);
        var (twiceCode, _, twice) = await fixture.CliAsync("staff", "guests", "checkin", "--name", "Piet Jansen", "--visiting", anna);
        Assert.Equal(1, twiceCode);
        Assert.Contains($"'Piet Jansen' is already on site (visit {visit}", twice, StringComparison.Ordinal);
        Assert.Contains("Piet Jansen", await OkAsync("staff", "guests", "onsite"), StringComparison.Ordinal);

        var (refusedCode, _, refused) = await fixture.CliAsync("staff", "timeouts", "start", "--resident", bram, "--reason", "Schreeuwde in de gang", "--hours", "2");
        Assert.Equal(1, refusedCode);
        Assert.Contains($"no time-outs {fixture.WindowText}; next allowed at {fixture.NextAllowed}", refused, StringComparison.Ordinal);
        var (staffOverrideCode, _, staffOverride) = await fixture.CliAsync("staff", "timeouts", "start", "--resident", bram, "--reason", "x", "--hours", "2", "--override", "nood");
        Assert.Equal(1, staffOverrideCode);
        Assert.Contains("permission denied", staffOverride, StringComparison.Ordinal);

        var started = await OkAsync("manager", "timeouts", "start", "--resident", bram, "--reason", "Dreigde een medebewoner", "--hours", "2",
            "--category", "aggression", "--override", "dreiging, kan niet wachten");
        var timeOut = FirstLine(started);
        Assert.Contains("reported to the police: pn-", started, StringComparison.Ordinal);
        var (visitAwayCode, _, visitAway) = await fixture.CliAsync("staff", "guests", "checkin", "--name", "Ria Smit", "--visiting", bram);
        Assert.Equal(1, visitAwayCode);
        Assert.Contains("is on time-out", visitAway, StringComparison.Ordinal);

        var evacuation = await OkAsync("staff", "evacuation");
        Assert.Contains("2 on site (1 residents, 1 guests)", evacuation, StringComparison.Ordinal);
        Assert.Contains($"{bram}  Bram Smit  {timeOut}", evacuation, StringComparison.Ordinal);

        Assert.StartsWith($"ended {timeOut}", await OkAsync("staff", "timeouts", "end", timeOut), StringComparison.Ordinal);
        Assert.StartsWith($"checked out {visit} Piet Jansen", await OkAsync("staff", "guests", "checkout", visit), StringComparison.Ordinal);
        var (emptyCode, emptyOut, emptyErr) = await fixture.CliAsync("staff", "guests", "onsite");
        Assert.Equal((0, "", "no guests on site"), (emptyCode, emptyOut, emptyErr.Trim()));
        Assert.Contains(visit, await OkAsync("staff", "guests", "history", "--from", "-1h", "--to", "+1m"), StringComparison.Ordinal);

        var report = FirstLine(await OkAsync("staff", "reports", "add", "--organisation", "Poort Lyceum", "--kind", "school", "--contact", "conciërge, 036-5551234",
            "--what", "Bewoner op het schoolplein tijdens de pauze", "--zone", "schoolplein-poort-lyceum"));
        Assert.Matches("(71h59m|72h00m)", await OkAsync("operator", "reports", "list"));
        Assert.StartsWith($"answered {report}", await OkAsync("staff", "reports", "answer", report, "--feedback", "Bewoner aangesproken; school teruggebeld"), StringComparison.Ordinal);
        Assert.Contains("answered", await OkAsync("staff", "reports", "list", "--all"), StringComparison.Ordinal);

        // Who did what, and why: the manager's override is in the audit log, before and after it took effect.
        var audit = await File.ReadAllLinesAsync(TodaysAuditFile());
        Assert.Contains(audit, l => l.Contains("TimeOuts/Start", StringComparison.Ordinal) && l.Contains("\"role\":\"manager\"", StringComparison.Ordinal)
            && l.Contains("\"outcome\":\"requested\"", StringComparison.Ordinal) && l.Contains("override: dreiging, kan niet wachten", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"{Site}/timeouts/{timeOut}", StringComparison.Ordinal) && l.Contains("\"outcome\":\"ok\"", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"{Site}/guests/{visit}", StringComparison.Ordinal) && l.Contains("Guests/CheckOut", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, l => l.Contains("Dreigde een medebewoner", StringComparison.Ordinal));
        Assert.Equal(0, (await fixture.CliAsync("manager", "audit", "verify")).ExitCode);
    }

    private async Task<string> OkAsync(string role, params string[] args)
    {
        var (code, output, error) = await fixture.CliAsync(role, args);
        Assert.True(code == 0, $"{string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    private static string FirstLine(string output) => output.Split('\n')[0].Trim();

    private string TodaysAuditFile()
    {
        var now = DateTime.UtcNow;
        return Path.Combine(fixture.Host.DataDirectory, "audit", Site, $"{now:yyyy}", $"{now:MM}", $"{now:dd}.jsonl");
    }
}
