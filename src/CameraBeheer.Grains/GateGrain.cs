using System.Collections.Immutable;
using System.Text.Json;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Storage;

namespace CameraBeheer.Grains;

/// <summary>The durable state of a gate grain.</summary>
[GenerateSerializer]
public sealed class GateState
{
    [Id(0)] public bool Open { get; set; }
    [Id(1)] public string? LastKind { get; set; }
    [Id(2)] public DateTimeOffset? LastEvent { get; set; }
    [Id(3)] public long EventsReceived { get; set; }
}

/// <summary>
/// The gate at an entrance: the single writer of its event log (<c>events/{site}/gates/{gate}/…</c>), recognising
/// redelivered events like a camera does, and keeping whether the gate stands open. Gate events are few: the state is
/// saved with every batch.
/// </summary>
public sealed class GateGrain(
    [PersistentState("gate", StorageNames.Default)] IPersistentState<GateState> state,
    EventLog eventLog) : Grain, IGateGrain
{
    private EventLogBuckets _buckets = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (site, gate) = GrainKeys.Split(this.GetPrimaryKeyString());
        _buckets = new EventLogBuckets(eventLog, site, EventLog.GateSource(gate));
        return Task.CompletedTask;
    }

    public async Task<ImmutableArray<bool>> AcceptAsync(ImmutableArray<GateObservation> events)
    {
        var fresh = await _buckets.AppendNewAsync(events, e => e.Id, e => e.Ts, ToEntry);
        var any = false;
        for (var i = 0; i < events.Length; i++)
        {
            if (!fresh[i]) continue;
            Apply(events[i]);
            any = true;
        }
        if (any) await state.WriteStateAsync();
        return [.. fresh];
    }

    public Task<GateSnapshot> GetSnapshotAsync()
    {
        var s = state.State;
        return Task.FromResult(new GateSnapshot(GrainKeys.Split(this.GetPrimaryKeyString()).Id, s.Open, s.LastKind, s.LastEvent, s.EventsReceived));
    }

    private void Apply(GateObservation e)
    {
        var s = state.State;
        s.EventsReceived++;
        if (s.LastEvent is { } last && e.Ts < last) return;
        s.LastEvent = e.Ts;
        s.LastKind = e.Kind;
        s.Open = e.Kind switch
        {
            "opened" or "forced" or "held-open" => true,
            "closed" => false,
            _ => s.Open,
        };
    }

    private static EventLogEntry ToEntry(GateObservation e) =>
        new(e.Id, e.Ts, "gate", JsonSerializer.Serialize(new GatePayload(e.Id, e.Ts, e.Kind, e.Badge), EdgeJsonContext.Default.GatePayload));
}
