using System.Diagnostics;

namespace CameraBeheer.Grains;

/// <summary>
/// The grains' spans (activity source <c>CameraBeheer.Grains</c>): <c>camera.accept</c> for a round of a camera's events,
/// inside Orleans' own grain-call span (the host turns on Orleans' activity propagation, so it continues the ingest's trace).
/// </summary>
public static class GrainTracing
{
    public const string SourceName = "CameraBeheer.Grains";

    public static readonly ActivitySource Source = new(SourceName);
}
