namespace CameraBeheer.Edge.Messaging;

/// <summary>One file of the outbox journal and the events whose records it holds, in order.</summary>
internal sealed class OutboxJournalFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The records in the file, in order (dead ones without their payload).</summary>
    public List<OutboxEntry> Entries { get; } = [];

    /// <summary>How many of <see cref="Entries"/> are done or dropped.</summary>
    public int Dead { get; set; }

    public long Bytes { get; set; }

    /// <summary>Nothing in the file is needed any more once the state says so.</summary>
    public bool AllDead => Dead >= Entries.Count;
}
