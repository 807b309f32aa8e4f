using CameraBeheer.Host.Limits;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The server-side deadline of a call: the client's when shorter, otherwise the cap for its kind; watches stay open.</summary>
public sealed class DeadlineCapTests
{
    private static readonly DeadlineCaps Caps = new(unary: TimeSpan.FromSeconds(30), longUnary: TimeSpan.FromMinutes(15), stream: TimeSpan.FromHours(1));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5M")]
    [InlineData("99999999S")]
    [InlineData("garbage")]
    [InlineData("0m")]
    public void A_unary_call_without_a_deadline_or_with_a_longer_one_gets_30_seconds(string? sent) =>
        Assert.Equal("30000m", Caps.HeaderFor("/camerabeheer.v1.Alerts/Acknowledge", MethodType.Unary, sent));

    [Theory]
    [InlineData("10S")]
    [InlineData("30000m")]
    [InlineData("250m")]
    [InlineData("1500000u")]
    public void A_shorter_deadline_of_the_client_is_kept(string sent) =>
        Assert.Null(Caps.HeaderFor("/camerabeheer.v1.Alerts/Acknowledge", MethodType.Unary, sent));

    [Fact]
    public void A_sweep_and_an_audit_check_may_take_15_minutes()
    {
        Assert.Equal("900000m", Caps.HeaderFor("/camerabeheer.v1.Retention/Sweep", MethodType.Unary, null));
        Assert.Equal("900000m", Caps.HeaderFor("/camerabeheer.v1.Audit/Verify", MethodType.Unary, "20M"));
        Assert.Null(Caps.HeaderFor("/camerabeheer.v1.Audit/Verify", MethodType.Unary, "10M"));
    }

    [Fact]
    public void Event_history_and_downloads_are_capped_at_an_hour_and_watch_streams_not_at_all()
    {
        Assert.Equal("3600000m", Caps.HeaderFor("/camerabeheer.v1.Cameras/Events", MethodType.ServerStreaming, null));
        Assert.Equal("3600000m", Caps.HeaderFor("/camerabeheer.v1.FootageRequests/Download", MethodType.ServerStreaming, "2H"));
        Assert.Null(Caps.CapFor("/camerabeheer.v1.Alerts/Watch", MethodType.ServerStreaming));
        Assert.Null(Caps.HeaderFor("/camerabeheer.v1.PoliceNotifications/Watch", MethodType.ServerStreaming, null));
        Assert.Null(Caps.HeaderFor("/grpc.health.v1.Health/Watch", MethodType.ServerStreaming, null));
    }

    [Theory]
    [InlineData("1H", 3600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("7S", 7_000)]
    [InlineData("250m", 250)]
    [InlineData("1500u", 1.5)]
    [InlineData("3000000n", 3)]
    public void The_header_is_read_in_every_unit_of_the_protocol(string header, double milliseconds)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("123456789S")]
    [InlineData("12x")]
    [InlineData("-5S")]
    [InlineData("1.5S")]
    public void A_malformed_header_is_not_a_deadline(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Fact]
    public void A_cap_too_long_for_milliseconds_is_written_in_seconds_within_8_digits()
    {
        Assert.Equal("100000S", GrpcTimeout.Format(TimeSpan.FromSeconds(100_000)));
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(TimeSpan.FromDays(3650)), out var back));
        Assert.True(back <= TimeSpan.FromDays(3650));
    }
}
