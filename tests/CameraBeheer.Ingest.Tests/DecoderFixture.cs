using CameraBeheer.Domain.Sites;
using Microsoft.Extensions.Time.Testing;

namespace CameraBeheer.Ingest.Tests;

/// <summary>A decoder for the real site file with the clock stopped at <see cref="Now"/>, so timestamps in the tests are fixed.</summary>
internal static class DecoderFixture
{
    public const string Site = "domus-almere-poort";

    /// <summary>The backend's clock in every decoder test.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A minute before <see cref="Now"/>, as the edge writes it: RFC 3339 UTC with milliseconds.</summary>
    public const string RecentTs = "2026-03-10T11:59:00.000Z";

    public static SiteConfiguration SiteConfiguration { get; } = SiteConfigurationLoader.LoadFile(Path.Combine(RepoRoot(), "config", "sites", "domus-almere-poort.json"));

    public static EdgeMessageDecoder NewDecoder() => new(SiteConfiguration, new FakeTimeProvider(Now));

    public static EdgeMessage Decode(string topic, byte[] payload) => NewDecoder().Decode(topic, new ReadOnlySequence<byte>(payload));

    public static EdgeMessage Decode(string topic, string json) => Decode(topic, Encoding.UTF8.GetBytes(json));

    public static string MotionTopic(string camera = "cam-01") => $"camerabeheer/v1/{Site}/camera/{camera}/motion";
    public static string SegmentTopic(string camera = "cam-01") => $"camerabeheer/v1/{Site}/camera/{camera}/segment";
    public static string StatusTopic(string camera = "cam-01") => $"camerabeheer/v1/{Site}/camera/{camera}/status";
    public static string GateTopic(string gate = "hoofdingang") => $"camerabeheer/v1/{Site}/gate/{gate}/event";

    private static string RepoRoot() => TestPaths.RepoRoot;
}
