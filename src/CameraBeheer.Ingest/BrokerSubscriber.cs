using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Ingest;

/// <summary>
/// A hosted subscriber with a session of its own at an external broker (events, receipts), held from start to stop and
/// disconnected cleanly. With the embedded broker it does nothing: that broker takes the messages in itself.
/// </summary>
public abstract class BrokerSubscriber(IOptions<MqttIngestOptions> options) : BackgroundService
{
    private BrokerSession? _session;

    /// <summary>This silo's own session (a dead silo's is adopted elsewhere, with the same pieces).</summary>
    private protected abstract BrokerSession OwnSession(MqttIngestOptions o, CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.UsesEmbeddedBroker) return;
        _session = OwnSession(o, stoppingToken);
        await _session.RunAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_session is null) return;
        await _session.DisconnectAsync();
        _session.Dispose();
    }
}
