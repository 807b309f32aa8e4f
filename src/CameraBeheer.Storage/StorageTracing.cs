using System.Diagnostics;

namespace CameraBeheer.Storage;

/// <summary>The storage's spans (activity source <c>CameraBeheer.Storage</c>): <c>storage.append</c>, one event-log append until it is durable.</summary>
public static class StorageTracing
{
    public const string SourceName = "CameraBeheer.Storage";

    public static readonly ActivitySource Source = new(SourceName);
}
