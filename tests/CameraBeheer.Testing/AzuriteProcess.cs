using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;

namespace CameraBeheer.Testing;

/// <summary>
/// A real Azurite blob service (the npm package test.sh installs into ./node_modules) on a free loopback port, its data
/// in a folder under the test root so that test.sh can stop it should a test run die. A test project shares one per
/// run through a collection of its own (<c>[CollectionDefinition] … : ICollectionFixture&lt;AzuriteProcess&gt;</c>:
/// xunit wants collection definitions in the test assembly).
/// </summary>
public sealed class AzuriteProcess : IAsyncLifetime
{
    /// <summary>The key of Azurite's well-known development account (public, the same for every Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private const int StartAttempts = 3;

    private ServerProcess? _process;
    private string _output = "";

    public int Port { get; private set; }

    /// <summary>The folder Azurite keeps its data in; on its command line, so leftovers can be found by it.</summary>
    public string Location { get; private set; } = "";

    /// <summary>From starting the process to its port accepting connections.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public string Output => _process?.Output ?? _output;

    /// <summary>A container client for a container of its own (not created yet).</summary>
    public BlobContainerClient NewContainer(string purpose) =>
        new(ConnectionString, $"{purpose}-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync()
    {
        var executable = FindExecutable();
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.StartNew();
            var process = Start(executable);
            try
            {
                await FreePorts.WaitListeningAsync(Port, "Azurite", () => process.HasExited, () => process.Output, ReadyTimeout);
                StartupTime = started.Elapsed;
                AppDomain.CurrentDomain.ProcessExit += KillOnExit;
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && process.HasExited)
            {
                // Most likely another process took the free port between our probe and Azurite's bind: new port.
                await StopAsync();
            }
            catch
            {
                await StopAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        await StopAsync();
    }

    private static string FindExecutable()
    {
        var name = OperatingSystem.IsWindows() ? "azurite-blob.cmd" : "azurite-blob";
        var candidate = Path.Combine(TestPaths.RepoRoot, "node_modules", ".bin", name);
        return File.Exists(candidate)
            ? candidate
            : throw new InvalidOperationException(
                $"Azurite is not installed: {candidate} does not exist. Run ./test.sh, or 'npm install --no-audit --no-fund' in the repository root, to install it.");
    }

    private ServerProcess Start(string executable)
    {
        Port = FreePorts.Next();
        Location = TestPaths.NewFolder("azurite");
        var info = new ProcessStartInfo(executable) { WorkingDirectory = Location };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(CultureInfo.InvariantCulture),
            "--location", Location, "--silent", "--skipApiVersionCheck", "--loose",
            // Azurite 3.35 sends usage telemetry unless told not to: no calls home from a test run.
            "--disableTelemetry",
        })
        {
            info.ArgumentList.Add(argument);
        }

        _process = ServerProcess.Start(info);
        return _process;
    }

    /// <summary>SIGTERM, then SIGKILL when it does not stop in time; then removes its data.</summary>
    private async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(StopGrace);
            _output = process.Output;
            process.Dispose();
        }

        for (var attempt = 1; attempt <= 5 && Directory.Exists(Location); attempt++)
        {
            try
            {
                Directory.Delete(Location, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private void KillOnExit(object? sender, EventArgs e) => _process?.KillAsync().Wait(StopGrace);
}
