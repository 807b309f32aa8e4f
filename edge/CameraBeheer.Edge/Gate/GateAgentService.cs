namespace CameraBeheer.Edge.Gate;

/// <summary>Runs one <see cref="GateAgent"/> per configured gate for as long as the agent runs.</summary>
public sealed class GateAgentService(IEnumerable<GateAgent> agents) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(agents.Select(agent => agent.RunAsync(stoppingToken)));
}
