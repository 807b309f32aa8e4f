using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Grains;
using CameraBeheer.Host.Grpc;
using CameraBeheer.Host.Limits;
using CameraBeheer.Ingest;
using CameraBeheer.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Host.Hosting;

/// <summary>Builds and runs the backend; registrations live in the extension methods of each feature.</summary>
public static class BackendApplication
{
    private static readonly TimeSpan IngestReadyTimeout = TimeSpan.FromSeconds(60);

    public static WebApplication Build(string[] args)
    {
        var flags = HostArguments.Parse(args);
        // Content root beside the executable: appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("CAMERABEHEER_");
        builder.Configuration.AddInMemoryCollection(flags);
        builder.AddConsoleLogging();
        var settings = HostSettings.From(builder.Configuration);
        // Before anything else: a bad certificate or a plaintext bind beyond loopback stops the start with one line.
        var tls = builder.AddServerTls(settings);
        using var startupLogFactory = LoggerFactory.Create(l => l.AddConsole());
        var site = builder.AddSiteConfiguration(settings.SiteConfigFile, startupLogFactory.CreateLogger("CameraBeheer.Host"));
        Directory.CreateDirectory(settings.DataDirectory);

        builder.Services.AddSingleton(TimeProvider.System);
        // Storage:Kind = LocalDisk (default, under --data) or AzureBlob (Storage:ConnectionString, Storage:Container).
        builder.Services.AddBlobStore(builder.Configuration.GetSection("Storage"), settings.DataDirectory);
        // Cluster:Kind = Localhost (default: one silo) or AzureStorage (membership and reminders in Azure Tables).
        var cluster = ClusterSettings.From(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseConfiguredCluster(cluster, settings);
            // Plain JSON state files: no CLR type names in them, so moving a state class never orphans stored state.
            silo.UseSystemTextJsonGrainStorageSerializer();
            silo.AddGrainStorage(builder.Configuration.GetSection("Storage"));
            // A trace goes on through grain calls (ingest → camera grain → event log); free while nothing listens.
            silo.AddActivityPropagation();
        });
        // After the silo: hosted services start in order and stop in reverse, so events flow only while grains can take them.
        builder.Services.Configure<MqttIngestOptions>(o => o.ClientId ??= MqttClientIds.Backend(site.Site.Id));
        builder.AddIngest();
        builder.AddClusterIngest(cluster);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.GrpcAddress, settings.GrpcPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseServerTls(tls);
        }));
        builder.AddTokenAuthentication(settings.DataDirectory);
        var webConsole = builder.AddWebConsoleEndpoint(tls);
        builder.AddTelemetry(tls, cluster.SiloName);
        builder.AddApiReflection();
        builder.AddGrpcWithLimits();
        builder.Services.AddGrpcHealthChecks().AddCheck<BackendHealthCheck>("backend");
        builder.Services.AddSingleton<CallerAudit>();
        builder.AddRetention();
        builder.AddFootageRequests(site, settings.DataDirectory);
        builder.AddWatching();
        builder.AddDeliberateStop();
        builder.AddDesk();
        // The work done once per cluster (wake-ups, request deadlines, retention sweeps) on durable reminders.
        builder.AddSiteClock(cluster);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(cluster);
        builder.Services.AddSingleton(new WebConsoleAddress(webConsole));

        var app = builder.Build();
        CheckOptionsNow(app.Services);
        // The export signing key exists from the first start (its fingerprint can be published before any request), and a
        // damaged key file stops the start with one line rather than the first export.
        app.Services.GetRequiredService<Exports.EvidenceSigner>();
        app.UseMetricsEndpoint();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorisation: its fallback policy authenticates with the bearer scheme and sets the user to that
        // result; the console's own endpoints allow anonymous callers and then take the person of their cookie.
        app.UseWebConsole();
        app.UseGrpcCallGuards();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapApiReflection();
        app.MapGrpcService<ResidentsService>();
        app.MapGrpcService<GuestsService>();
        app.MapGrpcService<TimeOutsService>();
        app.MapGrpcService<PoliceNotificationsService>();
        app.MapGrpcService<ReportsService>();
        app.MapGrpcService<EvacuationService>();
        app.MapGrpcService<SiteService>();
        app.MapGrpcService<CamerasService>();
        app.MapGrpcService<AuditService>();
        app.MapGrpcService<RetentionService>();
        app.MapGrpcService<AlertsService>();
        app.MapGrpcService<FootageRequestsService>();
        app.MapGrpcService<AccountsService>();
        app.MapGrpcService<EdgeAgentsService>();
        app.MapWebConsole();
        return app;
    }

    /// <summary>
    /// Runs the <c>ValidateOnStart</c> checks (Limits, Auth:Lockout, Watch, Ingest, the site clock's periods) now, before the
    /// export signing key is made or anything listens, and turns a refusal into the one line every other setting gives.
    /// </summary>
    private static void CheckOptionsNow(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new ArgumentException(e.Failures.First(), e);
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is OptionsValidationException first)
        {
            throw new ArgumentException(first.Failures.First(), e);
        }
    }

    /// <summary>Starts everything, prints the one <c>ready:</c> line once calls are accepted and events flow, then runs until SIGINT/SIGTERM.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        await app.StartAsync();
        var readiness = app.Services.GetRequiredService<IngestReadiness>();
        await readiness.Subscribed.WaitAsync(IngestReadyTimeout);

        var settings = app.Services.GetRequiredService<HostSettings>();
        var mqtt = app.Services.GetRequiredService<IOptions<MqttIngestOptions>>().Value;
        var (mqttHost, mqttPort) = mqtt.BrokerEndpoint();
        var grpc = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // A log line, not a console line: in Logging:Format=json every line but the ready line stays JSON.
        WebConsoleHosting.LogListening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CameraBeheer.Host"), app.Services.GetRequiredService<WebConsoleAddress>().Url);
        Console.WriteLine($"ready: grpc={grpc} mqtt={mqttHost}:{mqttPort} data={settings.DataDirectory}");

        await app.WaitForShutdownAsync();
        return 0;
    }
}
