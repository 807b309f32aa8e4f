using CameraBeheer.Host.Hosting;

// The CameraBeheer backend: Orleans silo, gRPC endpoint, embedded MQTT broker and ingest, blob store, in one process.
if (HostArguments.Flags.ShowHelp(args, Console.Out)) return 0;
try
{
    var app = BackendApplication.Build(args);
    return await BackendApplication.RunAsync(app);
}
catch (Exception e) when (e is ArgumentException or SiteConfigurationException or InvalidOperationException or IOException)
{
    // Configuration the operator can fix: one line, no stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
