using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Edge.Gate;
using CameraBeheer.Edge.Disk;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Edge.Retention;
using CameraBeheer.Edge.Uploading;
using CameraBeheer.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CameraBeheer.Edge.Configuration;

/// <summary>Registers the messaging half of the edge agent: options, blob store, outbox, publisher, uploader, gate agents.</summary>
public static class EdgeRegistration
{
    /// <summary>
    /// Binds and checks <see cref="EdgeOptions"/> (throws <see cref="EdgeConfigurationException"/> naming each bad
    /// setting), and registers: the blob store of <c>Edge:Storage</c> (local disk under <see cref="EdgeOptions.Data"/>
    /// by default, Azure Blob with <c>Kind=AzureBlob</c>), <see cref="EdgeHealth"/>, <see cref="EdgeOutbox"/>,
    /// <see cref="EdgeMqttPublisher"/>, <see cref="SegmentUploader"/>, a <see cref="GateAgent"/> per gate, and
    /// <see cref="IEdgeEventSink"/> for the recorder and the motion detector.
    /// </summary>
    /// <remarks>Call it before registering the recorders: hosted services stop in reverse order, so the publisher stops
    /// last and can still send the cameras' offline statuses.</remarks>
    /// <summary>How long the agent's hosted services together may take to stop.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    public static EdgeOptions AddEdgeMessaging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = EdgeOptionsValidator.Load(builder.Configuration);
        var services = builder.Services;
        var state = options.ResolvedStateFolder;
        BrokerEndpoint.TryParse(options.Mqtt.Broker, out var broker, out _);

        services.AddSingleton(options);
        // A stop (SIGTERM, SIGINT) takes at most this long, on purpose below the 10 s promised to an operator or systemd:
        // the publisher drains for 2 s, the recorders stop ffmpeg, and what was not acknowledged stays in the journal.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        services.TryAddSingleton(TimeProvider.System);
        services.AddBlobStore(builder.Configuration.GetSection($"{EdgeOptions.Section}:Storage"), Path.GetFullPath(options.Data));
        services.AddSingleton(sp => new EdgeHealth(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new EdgeOutbox(
            new EdgeOutboxOptions
            {
                Folder = Path.Combine(state, "outbox"),
                Site = options.Site,
                MaxEvents = options.Outbox.MaxEvents,
                MaxBytes = options.Outbox.MaxMiB * 1024L * 1024,
            },
            sp.GetService<ILogger<EdgeOutbox>>(),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<EdgeHealth>()));
        services.AddSingleton(sp => new EdgeMqttPublisher(
            new EdgeMqttOptions
            {
                Host = broker.Host,
                Port = broker.Port,
                Site = options.Site,
                Agent = options.Agent,
                ClientId = options.Mqtt.ClientId,
                UserName = options.Mqtt.UserName,
                Password = options.Mqtt.Password,
                Tls = options.Mqtt.Tls,
                CaFile = options.Mqtt.CaFile,
                KeepAlive = TimeSpan.FromSeconds(options.Mqtt.KeepAliveSeconds),
                SessionExpirySeconds = (uint)options.Mqtt.SessionExpirySeconds,
                MaxInFlight = options.Mqtt.MaxInFlight,
                MinBackoff = TimeSpan.FromSeconds(options.Mqtt.MinBackoffSeconds),
                MaxBackoff = TimeSpan.FromSeconds(options.Mqtt.MaxBackoffSeconds),
            },
            sp.GetRequiredService<EdgeOutbox>(),
            sp.GetRequiredService<EdgeHealth>(),
            sp.GetService<ILogger<EdgeMqttPublisher>>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<EdgeMqttPublisher>());
        services.AddSingleton(sp => new SegmentUploader(
            new SegmentUploaderOptions
            {
                Site = options.Site,
                SpoolFolder = Path.Combine(state, "spool"),
                QuarantineFolder = Path.Combine(state, "quarantine"),
                MaxSpoolBytes = options.Upload.MaxSpoolMiB * 1024L * 1024,
                Concurrency = options.Upload.Concurrency,
            },
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<EdgeOutbox>(),
            sp.GetRequiredService<EdgeHealth>(),
            sp.GetService<ILogger<SegmentUploader>>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<SegmentUploader>());
        services.AddEdgeRetention(options);
        services.AddFootageDiskGuard(options);
        services.AddSingleton<IEdgeEventSink>(sp => new EdgeEventSink(sp.GetRequiredService<EdgeOutbox>(), sp.GetRequiredService<SegmentUploader>()));
        foreach (var gate in options.Gates)
        {
            services.AddSingleton(sp => new GateAgent(
                new GateAgentOptions { Gate = gate.Id, Host = gate.Host!, Port = gate.Port!.Value },
                sp.GetRequiredService<EdgeOutbox>(),
                sp.GetService<ILogger<GateAgent>>(),
                sp.GetService<TimeProvider>()));
        }

        services.AddHostedService<GateAgentService>();
        return options;
    }
}
