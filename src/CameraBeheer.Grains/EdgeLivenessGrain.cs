using System.Globalization;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Domain.Alerts;

namespace CameraBeheer.Grains;

/// <summary>
/// The liveness of a site's edge agents. Status messages are applied in arrival order, not by their time: the will
/// carries the time its connection was made, older than every online report of that same connection. Effects go first
/// (cameras follow, alerts are raised), the state is saved last: after a crash in between, the redelivered status does
/// it again, the cameras ignore a state they are already in, and the control room takes a repeated alert once (its
/// cause id names the status; a raise that was not taken throws, so the status is not acknowledged and comes again).
/// A status seen again after that (a retained message) finds the state unchanged and does nothing.
/// </summary>
public sealed partial class EdgeLivenessGrain(
    [PersistentState("edge-liveness", StorageNames.Default)] IPersistentState<EdgeLivenessState> state,
    TimeProvider time,
    ILogger<EdgeLivenessGrain> logger) : Grain, IEdgeLivenessGrain
{
    private string Site => this.GetPrimaryKeyString();

    public async Task ReportAsync(ImmutableArray<AgentStatusReport> reports)
    {
        var changed = false;
        try
        {
            foreach (var report in reports) changed |= await ApplyAsync(report);
            if (changed) await state.WriteStateAsync();
        }
        catch
        {
            // Forget what could not be done or kept: the status comes again (it is not acknowledged) and is applied afresh.
            await state.ReadStateAsync();
            throw;
        }
    }

    public Task<ImmutableArray<AgentLiveness>> ListAsync() =>
        Task.FromResult(state.State.Agents
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new AgentLiveness(a.Key, a.Value.Online switch { true => AgentState.Online, false => AgentState.Offline, null => AgentState.Unknown },
                a.Value.LastSeen, a.Value.Since, a.Value.Dropped, a.Value.Disk))
            .ToImmutableArray());

    private async Task<bool> ApplyAsync(AgentStatusReport report)
    {
        var now = time.GetUtcNow();
        if (!state.State.Agents.TryGetValue(report.Agent, out var agent))
            state.State.Agents[report.Agent] = agent = new AgentLivenessState();
        var changed = agent.LastSeen is null;
        agent.LastSeen = now;
        agent.LastTs = report.Ts;
        if (agent.Online != report.Online)
        {
            await FollowAsync(report, agent.Online, now);
            agent.Online = report.Online;
            agent.Since = now;
            changed = true;
        }
        if (report.Dropped is { } dropped)
        {
            await RaiseIfDroppedAsync(report.Agent, agent.Dropped ?? AgentDrops.None, dropped, now);
            changed |= agent.Dropped != dropped;
            agent.Dropped = dropped;
        }
        if (report.Disk is { } disk)
        {
            var wasRefusing = agent.Disk?.RefusingFootage ?? false;
            if (disk.RefusingFootage && !wasRefusing)
            {
                LogDiskFull(logger, report.Agent, disk.Path, disk.FreeBytes, disk.MinimumFreeBytes);
                await GrainFactory.RaiseAlertAsync(Site, AlertRaising.Signal(TechnicalRules.EdgeDiskFull, report.Agent, disk.Path, now, $"{report.Agent}/disk-full/{Stamp(report.Ts)}"));
            }
            changed |= agent.Disk is null || disk.RefusingFootage != wasRefusing || disk.Path != agent.Disk.Path;
            agent.Disk = disk;
        }
        return changed;
    }

    /// <summary>The agent's cameras follow it: offline at once when it goes, online again when it comes back from offline.</summary>
    private async Task FollowAsync(AgentStatusReport report, bool? wasOnline, DateTimeOffset now)
    {
        var served = await GrainFactory.GetGrain<IEdgeAgentsGrain>(Site).FindAsync(report.Agent);
        var cameras = served?.Cameras ?? [];
        var gateIds = served?.Gates ?? [];
        var gates = gateIds.Length;
        // An agent coming online for the first time needs no help: its cameras and gates report themselves.
        if (!report.Online || wasOnline == false)
        {
            await Task.WhenAll(cameras.Select(c => GrainFactory.GetGrain<ICameraGrain>(GrainKeys.Camera(Site, c)).FollowEdgeAgentAsync(report.Online, report.Ts)));
            await Task.WhenAll(gateIds.Select(g => GrainFactory.GetGrain<IGateGrain>(GrainKeys.Gate(Site, g)).FollowEdgeAgentAsync(report.Online, report.Ts)));
        }
        if (report.Online)
        {
            if (served is null) LogOnlineUnregistered(logger, report.Agent);
            else LogOnline(logger, report.Agent, Count(cameras.Length, "camera"), Count(gates, "gate"));
            return;
        }
        if (served is null) LogOfflineUnregistered(logger, report.Agent);
        else LogOffline(logger, report.Agent, Count(cameras.Length, "camera"), Count(gates, "gate"));
        await GrainFactory.RaiseAlertAsync(Site, AlertRaising.Signal(TechnicalRules.EdgeOffline, report.Agent, report.Agent, now, $"{report.Agent}/offline/{Stamp(report.Ts)}"));
    }

    private async Task RaiseIfDroppedAsync(string agent, AgentDrops before, AgentDrops now, DateTimeOffset at)
    {
        // The figures count since the agent started: lower figures than before mean it was restarted and counts from zero.
        if (now.FootageEvents < before.FootageEvents || now.OtherEvents < before.OtherEvents || now.SpoolFiles < before.SpoolFiles || now.Conflicts < before.Conflicts)
            before = AgentDrops.None;
        if (DroppedSince(before, now) is not { } what) return;
        LogDropped(logger, agent, what);
        await GrainFactory.RaiseAlertAsync(Site, AlertRaising.Signal(TechnicalRules.EdgeDropped, agent, what, at,
            $"{agent}/dropped/{now.FootageEvents}/{now.OtherEvents}/{now.SpoolFiles}/{now.Conflicts}/{Stamp(now.Last)}"));
    }

    /// <summary>What was lost between two reports, in words, or null when nothing was.</summary>
    public static string? DroppedSince(AgentDrops before, AgentDrops now)
    {
        var parts = new List<string>();
        if (now.FootageEvents > before.FootageEvents) parts.Add(Count(now.FootageEvents - before.FootageEvents, "footage event"));
        if (now.OtherEvents > before.OtherEvents) parts.Add(Count(now.OtherEvents - before.OtherEvents, "other event"));
        if (now.SpoolFiles > before.SpoolFiles)
            parts.Add($"{Count(now.SpoolFiles - before.SpoolFiles, "spooled file")} ({Math.Max(0, now.SpoolBytes - before.SpoolBytes).ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        if (now.Conflicts > before.Conflicts) parts.Add(Count(now.Conflicts - before.Conflicts, "conflicting segment"));
        if (parts.Count == 0) return null;
        var last = now.LastWhat is { Length: > 0 } lastWhat
            ? $"; last: {Printable.Excerpt(lastWhat, 200)}{(now.Last is { } when ? $" at {when.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : "")}"
            : "";
        return $"{string.Join(", ", parts)} dropped{last}";
    }

    /// <summary>
    /// The cause id of an alert raised from a status: the same status redelivered after a failure (it was not
    /// acknowledged) names the same cause, so the control room takes it once; the raise throws, so nothing is lost.
    /// </summary>
    private static string Stamp(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "-";

    private static string Count(long n, string what) => n == 1 ? $"1 {what}" : $"{n.ToString(CultureInfo.InvariantCulture)} {what}s";

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent {Agent} is online ({Cameras}, {Gates})")]
    private static partial void LogOnline(ILogger logger, string agent, string cameras, string gates);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent {Agent} is online (not in the register: its cameras are not known here)")]
    private static partial void LogOnlineUnregistered(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent {Agent} is offline: its {Cameras} and {Gates} are offline")]
    private static partial void LogOffline(ILogger logger, string agent, string cameras, string gates);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent {Agent} is offline (not in the register: its cameras are not known here)")]
    private static partial void LogOfflineUnregistered(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge agent {Agent} reports: {What}")]
    private static partial void LogDropped(ILogger logger, string agent, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge agent {Agent} refuses new footage: {Path} has {Free} bytes free, below its minimum of {Minimum}")]
    private static partial void LogDiskFull(ILogger logger, string agent, string path, long free, long minimum);
}
