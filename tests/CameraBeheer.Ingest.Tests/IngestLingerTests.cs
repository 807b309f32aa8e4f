using Microsoft.Extensions.Options;

namespace CameraBeheer.Ingest.Tests;

/// <summary>How long a storing round waits for more messages, and the settings that decide it.</summary>
public sealed class IngestLingerTests
{
    private static readonly IngestOptions Defaults = new();

    [Theory]
    [InlineData(0, 3.0)]
    [InlineData(1, 3.0)]
    [InlineData(128, 3.0)] // the busy threshold itself: still the short wait
    [InlineData(192, 11.5)] // halfway to twice the threshold: halfway to the longest wait
    [InlineData(256, 20.0)]
    [InlineData(4096, 20.0)] // never longer than the longest wait
    public void A_round_waits_the_flush_interval_until_rounds_grow_busy_then_up_to_the_longest_wait(int previousRound, double expectedMs)
    {
        Assert.Equal(expectedMs, IngestBatcher.LingerAfter(previousRound, Defaults).TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void A_longest_wait_no_longer_than_the_flush_interval_keeps_the_flush_interval()
    {
        var o = new IngestOptions { FlushInterval = TimeSpan.FromMilliseconds(5), MaxFlushInterval = TimeSpan.FromMilliseconds(5) };

        Assert.Equal(TimeSpan.FromMilliseconds(5), IngestBatcher.LingerAfter(10_000, o));
    }

    [Fact]
    public void The_default_settings_are_valid()
    {
        Assert.True(new IngestOptionsValidation().Validate(null, new IngestOptions()).Succeeded);
    }

    public static TheoryData<IngestOptions, string> BadSettings => new()
    {
        { new IngestOptions { MaxBatch = 0 }, "Ingest:MaxBatch must be at least 1, not 0" },
        { new IngestOptions { QueueCapacity = -5 }, "Ingest:QueueCapacity must be at least 1, not -5" },
        { new IngestOptions { BusyRound = 0 }, "Ingest:BusyRound must be at least 1, not 0" },
        { new IngestOptions { FlushInterval = TimeSpan.Zero }, "Ingest:FlushInterval must be a positive duration" },
        { new IngestOptions { FlushInterval = TimeSpan.FromMinutes(5), MaxFlushInterval = TimeSpan.FromMinutes(5) }, "Ingest:FlushInterval must be a positive duration of at most 00:00:01" },
        { new IngestOptions { MaxFlushInterval = TimeSpan.FromMilliseconds(1) }, "Ingest:MaxFlushInterval must be at least Ingest:FlushInterval (00:00:00.0030000)" },
        { new IngestOptions { MaxFlushInterval = TimeSpan.FromSeconds(2) }, "and at most 00:00:01, not 00:00:02" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Settings_out_of_range_are_refused_naming_the_key(IngestOptions options, string expected)
    {
        var result = new IngestOptionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }
}
