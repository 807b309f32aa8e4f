using Microsoft.Extensions.Configuration;
using CameraBeheer.Contracts.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Ingest;

/// <summary>Registers the storing loop and the way in: the embedded broker, or the subscriber to an external broker.</summary>
public static class IngestRegistration
{
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MqttIngestOptions>(builder.Configuration.GetSection(MqttIngestOptions.Section));
        builder.Services.AddSingleton<EdgeMessageDecoder>();
        builder.Services.AddSingleton<DeadLetterLog>();
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidation>();
        builder.Services.AddSingleton<IngestBatcher>();
        builder.Services.AddSingleton<EdgeIngest>();
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<IngestStageTimings>();
        builder.Services.AddHostedService<IngestStageTimingsService>();
        builder.Services.AddSingleton<IngestReadiness>();
        builder.Services.AddSingleton<RefusedInputSummary>();
        builder.Services.AddHostedService<RefusedInputSummaryService>();
        // Plaintext unless the host registered its certificate first.
        builder.Services.TryAddSingleton(ServerCertificate.None);
        // Started in this order and stopped in reverse: the storing loop outlives the ways in.
        builder.Services.AddHostedService<IngestStoringService>();
        builder.Services.AddSingleton<IEdgeAgentDirectory, GrainEdgeAgentDirectory>();
        builder.Services.AddSingleton<EdgeAgentAccess>();
        builder.Services.AddSingleton<BrokerRefusals>();
        builder.Services.AddSingleton<EmbeddedBrokerService>();
        builder.Services.AddSingleton<IEdgeAgentSessions>(sp => sp.GetRequiredService<EmbeddedBrokerService>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBrokerService>());
        builder.Services.AddHostedService<MqttIngestService>();
        // The host feeds it the silos the cluster declared dead (Orleans membership lives there, not here).
        builder.Services.AddSingleton<DeadSiloSessions>();
        builder.Services.AddEdgeReceipts();
        return builder;
    }
}
