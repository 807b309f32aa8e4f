using System.Runtime.InteropServices;
using CameraBeheer.LoadTest;

// Ctrl-C, SIGTERM and SIGHUP cancel the run instead of killing the process, so the finally blocks stop Mosquitto and the
// backend that this run started.
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(LoadTestOptions.Usage);
    return 0;
}

try
{
    return options.Silos is null
        ? await LoadTestRun.RunAsync(options, Console.Out, stop.Token)
        : await ClusterLoadRun.RunAsync(options, Console.Out, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("error: interrupted; stopped what this run started");
    return 130;
}
catch (LoadTestException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
