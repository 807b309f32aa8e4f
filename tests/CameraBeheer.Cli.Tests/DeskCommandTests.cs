using CameraBeheer.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CameraBeheer.Cli.Tests;

/// <summary>The desk's commands: ids first on stdout, local times, and bad arguments refused before any call, naming the option.</summary>
public sealed class DeskCommandTests
{
    private static readonly Dictionary<string, string> WithToken = new() { ["CAMERABEHEER_TOKEN"] = "eyJhbGciOiJIUzI1NiJ9.e30.sig" };

    [Fact]
    public async Task Residents_add_prints_the_resident_id_first()
    {
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Residents/Add", new ResidentInfo { Id = "r-07", Name = "Anna de Boer", Room = "1.07" });
        var run = await Cli.RunAsync(server, WithToken, "residents", "add", "--name", "Anna de Boer", "--room", "1.07");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["r-07", "  added Anna de Boer, room 1.07"], run.OutLines);
    }

    [Fact]
    public async Task Guests_checkin_prints_the_visit_id_first_and_sends_until_as_today_in_Amsterdam()
    {
        CheckInRequest? sent = null;
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Guests/CheckIn", CheckInRequest.Parser, request =>
        {
            sent = request;
            return new VisitInfo
            {
                Id = "v-0042", GuestName = sent.GuestName, Visiting = sent.Visiting, ResidentName = "Anna de Boer", IdChecked = sent.IdChecked,
                CheckedInAt = Timestamp.FromDateTimeOffset(Cli.Now), ExpectedLeave = sent.ExpectedLeave,
            };
        });
        var run = await Cli.RunAsync(server, WithToken, "guests", "checkin", "--name", "Piet Jansen", "--visiting", "r-07", "--until", "18:00", "--id-checked");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("v-0042", run.OutLines[0]);
        Assert.Equal("  Piet Jansen visiting r-07 (Anna de Boer) since 2026-11-22 11:00:00+01:00, until 2026-11-22 18:00:00+01:00, ID checked", run.OutLines[1]);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero), sent!.ExpectedLeave.ToDateTimeOffset());
        Assert.True(sent.IdChecked);
    }

    [Fact]
    public async Task Timeouts_start_prints_the_time_out_id_first_and_sends_hours_as_minutes()
    {
        StartTimeOutRequest? sent = null;
        var server = new FakeGrpcServer().On("/camerabeheer.v1.TimeOuts/Start", StartTimeOutRequest.Parser, request =>
        {
            sent = request;
            return new TimeOutInfo
            {
                Id = "t-0003", Resident = "r-07", ResidentName = "Anna de Boer", StartedAt = Timestamp.FromDateTimeOffset(Cli.Now),
                ExpectedReturn = Timestamp.FromDateTimeOffset(Cli.Now.AddMinutes(90)), Notification = "pn-0003", NotificationState = "pending",
            };
        });
        var run = await Cli.RunAsync(server, WithToken, "timeouts", "start", "--resident", "r-07", "--reason", "Schreeuwde", "--hours", "1.5");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("t-0003", run.OutLines[0]);
        Assert.Contains("reported to the police: pn-0003 (pending)", run.Out, StringComparison.Ordinal);
        Assert.Equal((90, "other", ""), (sent!.ExpectedMinutes, sent.Category, sent.OverrideReason));
    }

    [Fact]
    public async Task A_time_out_refused_in_a_window_prints_the_rule_and_fails()
    {
        var server = new FakeGrpcServer().Fail("/camerabeheer.v1.TimeOuts/Start", StatusCode.FailedPrecondition,
            "no time-outs between 08:00 and 09:30 (pupils arriving); next allowed at 09:30");
        var run = await Cli.RunAsync(server, WithToken, "timeouts", "start", "--resident", "r-07", "--reason", "x", "--hours", "2");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no time-outs between 08:00 and 09:30 (pupils arriving); next allowed at 09:30", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Reports_list_shows_the_time_left_and_a_late_report()
    {
        var server = new FakeGrpcServer().On("/camerabeheer.v1.Reports/List", new ListReportsReply
        {
            Reports =
            {
                new ReportInfo { Id = "rp-0001", Organisation = "Poort Lyceum", ReporterKind = "school", ReceivedAt = Timestamp.FromDateTimeOffset(Cli.Now), State = "open", MinutesLeft = 25 * 60 + 5, What = "Bewoner op het schoolplein" },
                new ReportInfo { Id = "rp-0002", Organisation = "Buurman", ReporterKind = "neighbour", ReceivedAt = Timestamp.FromDateTimeOffset(Cli.Now), State = "overdue", MinutesLeft = -90, What = "Overlast" },
            },
        });
        var run = await Cli.RunAsync(server, WithToken, "reports", "list");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("25h05m", run.OutLines[1], StringComparison.Ordinal);
        Assert.Contains("1h30m late", run.OutLines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("residents remove 7", "ID")]
    [InlineData("guests checkout 42", "VISIT")]
    [InlineData("guests checkin --name Piet --visiting kamer-7", "--visiting")]
    [InlineData("guests checkin --name Piet --visiting r-07 --until morgen", "--until")]
    [InlineData("guests history --from gisteren --to now", "--from")]
    [InlineData("timeouts start --resident r-07 --reason x --hours twee", "--hours")]
    [InlineData("timeouts start --resident r-07 --reason x --hours 0", "--hours")]
    [InlineData("timeouts start --resident r-07 --reason x --hours 2 --category dronken", "--category")]
    [InlineData("timeouts start --resident 7 --reason x --hours 2", "--resident")]
    [InlineData("timeouts end x-1", "ID")]
    [InlineData("police ack t-0001", "ID")]
    [InlineData("reports add --organisation X --kind politie --contact c --what w", "--kind")]
    [InlineData("reports add --organisation X --kind school --contact c --what w --zone Plein!", "--zone")]
    [InlineData("reports answer 1 --feedback f", "ID")]
    public async Task A_bad_argument_of_a_desk_command_is_refused_before_any_call_naming_it(string command, string named)
    {
        var run = await Cli.RunAsync([.. Cli.Offline, .. command.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot reach", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("residents add --room 1")]
    [InlineData("guests checkin --visiting r-07")]
    [InlineData("timeouts start --resident r-07 --hours 2")]
    [InlineData("reports answer rp-0001")]
    public async Task A_missing_required_option_is_a_usage_error(string command)
    {
        var run = await Cli.RunAsync([.. Cli.Offline, .. command.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
    }
}
