using Grpc.Health.V1;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The limits of the API on the real host: message size, and the per-caller budget of expensive calls.</summary>
public sealed class ApiLimitsTests(ApiLimitsTests.SmallBudgetHost fixture) : IClassFixture<ApiLimitsTests.SmallBudgetHost>
{
    /// <summary>A budget small enough to use up in a test, and a window long enough that it does not refill meanwhile.</summary>
    public const int Budget = 3;

    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task An_oversized_request_is_refused_resource_exhausted_naming_the_limit_and_the_host_stays_up()
    {
        using var client = Host.Client("operator");
        var huge = new ResolveAlertRequest { Id = "a-1", Outcome = "none", Note = new string('x', 100_000) };

        var e = await Assert.ThrowsAsync<RpcException>(() => client.Alerts.ResolveAsync(huge).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("at most 65536 bytes per message (Limits:MaxRequestBytes)", e.Status.Detail);
        Assert.Contains($"{huge.CalculateSize()} bytes", e.Status.Detail);
        var health = await client.Health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var alerts = await client.Alerts.ListAsync(new ListAlertsRequest());
        Assert.NotNull(alerts);
    }

    [Fact]
    public async Task A_request_just_under_the_limit_is_taken()
    {
        using var client = Host.Client("operator");
        // Gets in and is answered by the service itself (no such alert), not by the size limit.
        var e = await Assert.ThrowsAsync<RpcException>(() => client.Alerts.ResolveAsync(new ResolveAlertRequest { Id = "a-404", Outcome = "none", Note = new string('x', 60_000) }).ResponseAsync);
        Assert.NotEqual(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task One_call_more_than_the_budget_is_resource_exhausted_with_a_retry_after_and_other_callers_go_on()
    {
        using var greedy = Host.Client("manager", "Manager Gretig");
        using var other = Host.Client("manager", "Manager Geduldig");
        for (var i = 0; i < Budget; i++)
            Assert.True((await greedy.Audit.VerifyAsync(new VerifyAuditRequest())).Intact);

        var call = greedy.Audit.VerifyAsync(new VerifyAuditRequest());
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains($"too many Audit/Verify calls from Manager Gretig: at most {Budget} per 60 minutes", e.Status.Detail);
        Assert.Contains("try again in", e.Status.Detail);
        var retryAfter = long.Parse(e.Trailers.GetValue("retry-after-ms")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (long)TimeSpan.FromHours(1).TotalMilliseconds);
        Assert.Equal(e.Trailers.GetValue("retry-after-ms"), e.Trailers.GetValue("grpc-retry-pushback-ms"));

        // Another caller, and the same caller on another expensive method, have budgets of their own.
        Assert.True((await other.Audit.VerifyAsync(new VerifyAuditRequest())).Intact);
        var report = await greedy.Retention.ReportAsync(new RetentionReportRequest());
        Assert.Equal("domus-almere-poort", report.Site);
        // Cheap calls are not counted at all.
        for (var i = 0; i < Budget + 2; i++)
            await greedy.Site.StatusAsync(new SiteStatusRequest());
    }

    [Fact]
    public async Task The_cli_says_when_to_try_again()
    {
        var cli = new CliRunner(Host);
        for (var i = 0; i < Budget; i++)
        {
            var (ok, _, err) = await cli.RunAsync("manager", "audit", "verify");
            Assert.True(ok == 0, err);
        }
        var (code, output, error) = await cli.RunAsync("manager", "audit", "verify");
        Assert.NotEqual(0, code);
        Assert.Contains("try again in", output + error);
    }

    [Theory]
    [InlineData("CAMERABEHEER_Limits__MaxResponseBytes", "1000", "Limits:MaxResponseBytes 1000 is too small: a download chunk is 1 MiB")]
    [InlineData("CAMERABEHEER_Limits__ExpensiveCalls__PermitLimit", "0", "Limits:ExpensiveCalls:PermitLimit must be at least 1")]
    [InlineData("CAMERABEHEER_Limits__UnaryDeadline", "-00:00:05", "Limits:UnaryDeadline must be a positive duration")]
    public async Task A_limit_that_makes_no_sense_stops_the_start_with_one_line_naming_it(string variable, string value, string message)
    {
        var output = await RefusedStart.OutputAsync(TestPaths.NewFolder("badlimit"), [], new() { [variable] = value });
        Assert.Contains($"error: {message}", output);
    }

    /// <summary>The host with an expensive-call budget of <see cref="Budget"/> per hour.</summary>
    public sealed class SmallBudgetHost : IAsyncLifetime
    {
        public HostProcess Host { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["CAMERABEHEER_Limits__ExpensiveCalls__PermitLimit"] = $"{Budget}",
            ["CAMERABEHEER_Limits__ExpensiveCalls__Window"] = "01:00:00",
        });

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }
}
