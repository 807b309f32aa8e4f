using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CameraBeheer.Ingest;

/// <summary>Registers the embedded broker (when configured) and the MQTT subscriber.</summary>
public static class IngestRegistration
{
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MqttIngestOptions>(builder.Configuration.GetSection(MqttIngestOptions.Section));
        builder.Services.AddSingleton<EdgeMessageDecoder>();
        builder.Services.AddSingleton<DeadLetterLog>();
        builder.Services.Configure<IngestOptions>(builder.Configuration.GetSection(IngestOptions.Section));
        builder.Services.AddSingleton<IngestBatcher>();
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<IngestReadiness>();
        builder.Services.AddHostedService<EmbeddedBrokerService>();
        builder.Services.AddHostedService<MqttIngestService>();
        return builder;
    }
}
