using CameraBeheer.Domain.Sites;
using CameraBeheer.Edge.Cameras;
using CameraBeheer.Edge.Configuration;
using CameraBeheer.Edge.Simulation;

// The CameraBeheer edge agent: runs beside the cameras and the gate, keeps working when the network or broker does not.
if (EdgeArguments.Flags.ShowHelp(args, Console.Out)) return 0;
try
{
    // Not given to the builder: the default command-line provider would misread "--simulate --data x".
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddEnvironmentVariables("CAMERABEHEER_");
    builder.Configuration.AddInMemoryCollection(EdgeArguments.Parse(args));
    GateControllerSimulator? gate = null;
    if (builder.Configuration.GetValue<bool>("Edge:Simulate"))
    {
        var site = SiteConfigurationLoader.LoadFile(SiteFile(builder.Configuration["Edge:SiteConfigFile"]));
        gate = new GateControllerSimulator(TimeProvider.System, LoggerFactory.Create(l => l.AddConsole()).CreateLogger<GateControllerSimulator>());
        var data = Path.GetFullPath(builder.Configuration["Edge:Data"] ?? "./data");
        Console.WriteLine("simulate: preparing the sample clip (once) and the simulated site");
        builder.Configuration.AddInMemoryCollection(await SiteSimulation.PrepareAsync(site, Path.Combine(data, ".edge", "simulation"), gate.Bind(), CancellationToken.None));
    }
    var options = builder.AddEdgeMessaging();
    builder.AddEdgeTelemetry(options.Agent);
    builder.Services.AddHostedService<CameraAgentsService>();
    if (gate is not null) builder.Services.AddHostedService(_ => gate);

    var host = builder.Build();
    Console.WriteLine($"edge: site={options.Site} cameras={options.Cameras.Count} gates={options.Gates.Count} broker={options.Mqtt.Broker} data={Path.GetFullPath(options.Data)}");
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (e is ArgumentException or SiteConfigurationException or EdgeConfigurationException or EdgeSecretFileException or FileNotFoundException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

static string SiteFile(string? configured)
{
    var path = string.IsNullOrEmpty(configured) ? "config/sites/domus-almere-poort.json" : configured;
    if (Path.IsPathRooted(path) || File.Exists(path)) return Path.GetFullPath(path);
    return Path.Combine(AppContext.BaseDirectory, path);
}
