using CameraBeheer.Storage.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace CameraBeheer.Ingest;

/// <summary>Registers the keeping of the edge agents' retention receipts.</summary>
public static class EdgeReceiptRegistration
{
    public static IServiceCollection AddEdgeReceipts(this IServiceCollection services)
    {
        services.AddSingleton<EdgeReceiptStore>();
        services.AddSingleton<EdgeReceiptIntake>();
        services.AddHostedService<EdgeReceiptSubscriber>();
        return services;
    }
}
