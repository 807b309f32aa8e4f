namespace CameraBeheer.Grains;

/// <summary>Every edge agent a site ever had, revoked ones included (their names are never given out again).</summary>
[GenerateSerializer]
public sealed class EdgeAgentsState
{
    [Id(0)] public List<EdgeAgentRecord> Agents { get; set; } = [];
}
