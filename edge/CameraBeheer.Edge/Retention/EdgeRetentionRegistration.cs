using CameraBeheer.Edge.Configuration;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Edge.Uploading;

namespace CameraBeheer.Edge.Retention;

/// <summary>Registers the edge's own four-week rule.</summary>
public static class EdgeRetentionRegistration
{
    /// <summary>Registers <see cref="EdgeRetentionSweeper"/> over the state folder's quarantine, spool and outbox, with its receipts in <c>{state}/receipts</c>.</summary>
    public static IServiceCollection AddEdgeRetention(this IServiceCollection services, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = options.ResolvedStateFolder;
        services.AddSingleton(sp => new EdgeRetentionSweeper(
            new EdgeRetentionOptions
            {
                Agent = options.Agent,
                QuarantineFolder = Path.Combine(state, "quarantine"),
                ReceiptsFolder = Path.Combine(state, "receipts"),
                Interval = TimeSpan.FromMinutes(options.Retention.SweepMinutes),
            },
            sp.GetRequiredService<EdgeOutbox>(),
            sp.GetRequiredService<SegmentUploader>(),
            sp.GetService<ILogger<EdgeRetentionSweeper>>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<EdgeRetentionSweeper>());
        return services;
    }
}
