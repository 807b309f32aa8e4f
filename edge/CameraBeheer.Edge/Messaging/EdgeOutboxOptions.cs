namespace CameraBeheer.Edge.Messaging;

/// <summary>Settings of <see cref="EdgeOutbox"/>.</summary>
public sealed class EdgeOutboxOptions
{
    /// <summary>The folder of the journal and the consumer state; created when missing. One outbox per folder.</summary>
    public string Folder { get; set; } = "";

    /// <summary>The site id the topics are made with.</summary>
    public string Site { get; set; } = "";

    /// <summary>At most this many events queued; beyond it the oldest footage events are dropped first.</summary>
    public int MaxEvents { get; set; } = 100_000;

    /// <summary>At most this many bytes (payloads and topics) queued.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>A journal file is closed and a new one started beyond this size.</summary>
    public long JournalFileBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>How often completions are written to the consumer state (a crash resends at most this much).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many completed event ids are remembered, so an event enqueued again after a crash is recognised.</summary>
    public int RememberCompleted { get; set; } = 512;
}
