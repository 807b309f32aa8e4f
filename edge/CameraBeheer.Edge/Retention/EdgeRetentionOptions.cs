namespace CameraBeheer.Edge.Retention;

/// <summary>Settings of <see cref="EdgeRetentionSweeper"/>.</summary>
public sealed class EdgeRetentionOptions
{
    /// <summary>The agent id the receipts are published under.</summary>
    public string Agent { get; set; } = "edge";

    /// <summary>Where segments that could not be uploaded (a conflict in the blob store) are kept: <c>{folder}/{camera}/</c>.</summary>
    public string QuarantineFolder { get; set; } = "";

    /// <summary>Where the receipts of the sweeps are written, one JSON file per sweep.</summary>
    public string ReceiptsFolder { get; set; } = "";

    /// <summary>How often the sweep runs after the one at start (<c>Edge:Retention:SweepMinutes</c>, default 60).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
