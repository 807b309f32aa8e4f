using CameraBeheer.Domain.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Ingest;

/// <summary>
/// The broker sessions of dead silos that this silo has adopted. Mosquitto 2.0 does not hand a shared-subscription
/// message that is in flight to, or queued for, a persistent session on to the group when that session's client dies:
/// it stays in the dead session, and the session even goes on receiving its share of new messages (eclipse/mosquitto
/// #1747, #2662; measured here with mosquitto 2.0.11: a killed subscriber's session kept every other message). So the
/// silo the cluster chooses (see the host's <c>DeadSiloIngest</c>) connects with each dead silo's client ids
/// (clean start off), takes in what the session holds through the same ingest and batcher as its own messages, and
/// stays connected, taking the dead silo's share, until the owner is back: then it disconnects, or the owner's connect
/// takes the session over, and an adopted session never reconnects after that (<see cref="BrokerSession"/>).
/// Redelivered messages that were stored but not acknowledged are recognised by the camera grains and counted once.
/// </summary>
public sealed class DeadSiloSessions(
    IOptions<MqttIngestOptions> options,
    EdgeIngest ingest,
    EdgeReceiptIntake receipts,
    SiteConfiguration site,
    ILogger<DeadSiloSessions> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Adoption> _adopted = new(StringComparer.Ordinal);
    // Names whose owner took its session back: not adopted again until the membership has shown the owner alive.
    private readonly HashSet<string> _givenBack = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The silo names whose sessions this silo holds now.</summary>
    public IReadOnlyCollection<string> Adopted
    {
        get { lock (_gate) return [.. _adopted.Keys]; }
    }

    /// <summary>Holds exactly the sessions of <paramref name="deadSilos"/>: adopts the new ones, gives back the others.</summary>
    public async Task HoldAsync(IReadOnlySet<string> deadSilos)
    {
        var o = options.Value;
        if (o.UsesEmbeddedBroker) return;
        List<Adoption> release;
        lock (_gate)
        {
            _givenBack.IntersectWith(deadSilos);
            release = [.. _adopted.Where(a => !deadSilos.Contains(a.Key)).Select(a => a.Value)];
            foreach (var adoption in release) _adopted.Remove(adoption.SiloName);
            foreach (var name in deadSilos)
            {
                if (_adopted.ContainsKey(name) || _givenBack.Contains(name) || name == o.SiloName || _stopping.IsCancellationRequested) continue;
                _adopted[name] = Start(name, o);
            }
        }
        foreach (var adoption in release)
        {
            logger.LogInformation("Giving the MQTT sessions of silo {Silo} back: it is active again, or another silo holds them now", adoption.SiloName);
            await adoption.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Adoption> all;
        lock (_gate)
        {
            _stopping.Cancel();
            all = [.. _adopted.Values];
            _adopted.Clear();
        }
        // A normal disconnect: the broker keeps the sessions and what is unacknowledged in them for their owner.
        await Task.WhenAll(all.Select(a => a.StopAsync()));
    }

    private Adoption Start(string siloName, MqttIngestOptions o)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var events = MqttIngestService.Session(IngestClientIds.Events(o, siloName), o, ingest, site, logger, cancel.Token, givesWayToOwner: true);
        var receiptSession = EdgeReceiptSubscriber.Session(IngestClientIds.Receipts(o, siloName), o, receipts, logger, cancel.Token, givesWayToOwner: true);
        logger.LogWarning("Silo {Silo} is dead: this silo adopts its MQTT sessions {Events} and {Receipts} and takes in what they hold",
            siloName, events.ClientId, receiptSession.ClientId);
        var adoption = new Adoption(siloName, cancel, events, receiptSession);
        adoption.Running = Task.WhenAll(Watch(adoption, events), Watch(adoption, receiptSession));
        return adoption;
    }

    private async Task Watch(Adoption adoption, BrokerSession session)
    {
        bool takenOver;
        try
        {
            takenOver = await Task.Run(() => session.RunAsync(adoption.Cancel.Token));
        }
        catch (Exception e)
        {
            logger.LogError(e, "The adopted MQTT session {ClientId} failed", session.ClientId);
            takenOver = false;
        }
        if (!takenOver) return;
        // The owner is back: let go of its other session too, and do not take them again until it is seen alive.
        lock (_gate)
        {
            _givenBack.Add(adoption.SiloName);
            if (_adopted.TryGetValue(adoption.SiloName, out var current) && current == adoption) _adopted.Remove(adoption.SiloName);
        }
        await adoption.Cancel.CancelAsync();
    }

    private sealed class Adoption(string siloName, CancellationTokenSource cancel, BrokerSession events, BrokerSession receipts)
    {
        public string SiloName => siloName;
        public CancellationTokenSource Cancel => cancel;
        public Task Running { get; set; } = Task.CompletedTask;

        public async Task StopAsync()
        {
            await cancel.CancelAsync();
            await Task.WhenAll(events.DisconnectAsync(), receipts.DisconnectAsync());
            try
            {
                await Running;
            }
            catch (OperationCanceledException)
            {
            }
            events.Dispose();
            receipts.Dispose();
        }
    }
}
