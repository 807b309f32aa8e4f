using System.Diagnostics;

namespace CameraBeheer.Ingest;

/// <summary>
/// The ingest's spans (activity source <c>CameraBeheer.Ingest</c>): <c>ingest.receive</c> for one MQTT message handed
/// over by the broker, with <c>ingest.decode</c> in it, and <c>ingest.batch</c> for the storing of a camera's or gate's
/// messages in one round, a child of its first message and linked to the others. The grain call and the event-log
/// append follow as its children (<c>camera.accept</c>, <c>storage.append</c>).
/// </summary>
/// <remarks>
/// The hot path takes tens of thousands of messages a second: every span starts with <c>StartActivity</c>, which returns
/// null without allocating when nothing listens or the sampler says no, and tags are set only on a span that records.
/// </remarks>
public static class IngestTracing
{
    public const string SourceName = "CameraBeheer.Ingest";

    public static readonly ActivitySource Source = new(SourceName);
}
