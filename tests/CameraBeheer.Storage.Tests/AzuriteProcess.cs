using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Azure.Storage.Blobs;

namespace CameraBeheer.Storage.Tests;

/// <summary>
/// A real Azurite blob service (the npm package test.sh installs into ./node_modules) on a free loopback port, its data
/// in a folder under <c>CAMERABEHEER_TEST_ROOT</c> so that test.sh can stop it should a test run die. One per test run,
/// shared by the <see cref="AzuriteCollection"/>.
/// </summary>
public sealed class AzuriteProcess : IAsyncLifetime
{
    /// <summary>The key of Azurite's well-known development account (public, the same for every Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private const int StartAttempts = 3;

    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>The folder Azurite keeps its data in; on its command line, so leftovers can be found by it.</summary>
    public string Location { get; private set; } = "";

    /// <summary>From starting the process to its port accepting connections.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A container client for a container of its own (not created yet).</summary>
    public BlobContainerClient NewContainer(string purpose) =>
        new(ConnectionString, $"{purpose}-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync()
    {
        var executable = FindExecutable();
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.StartNew();
            Start(executable);
            try
            {
                await WaitListeningAsync();
                StartupTime = started.Elapsed;
                AppDomain.CurrentDomain.ProcessExit += KillOnExit;
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && _process!.HasExited)
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
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(Path.Combine(dir.FullName, "CameraBeheer.sln")))
            {
                throw new InvalidOperationException(
                    $"Azurite is not installed: {Path.Combine(dir.FullName, "node_modules", ".bin", name)} does not exist. "
                    + "Run ./test.sh, or 'npm install --no-audit --no-fund' in the repository root, to install it.");
            }
        }

        throw new InvalidOperationException(
            $"Azurite is not installed: no node_modules/.bin/{name} above {AppContext.BaseDirectory}. Run ./test.sh to install it.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string TestRoot =>
        Environment.GetEnvironmentVariable("CAMERABEHEER_TEST_ROOT") is { Length: > 0 } root
            ? root
            : Path.Combine(Path.GetTempPath(), "camerabeheer-tests");

    private void Start(string executable)
    {
        Port = FreePort();
        Location = Path.Combine(TestRoot, $"azurite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Location);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Location,
        };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", Location, "--silent", "--skipApiVersionCheck", "--loose",
            // Azurite 3.35 sends usage telemetry unless told not to: no calls home from a test run.
            "--disableTelemetry",
        })
        {
            info.ArgumentList.Add(argument);
        }

        lock (_output)
        {
            _output.Clear();
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on port {Port}:\n{Output}");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"Azurite did not accept connections on port {Port} within {ReadyTimeout.TotalSeconds} s ({e.Message}):\n{Output}");
            }
        }
    }

    /// <summary>SIGTERM, then SIGKILL when it does not stop in time; then removes its data.</summary>
    private async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                if (!OperatingSystem.IsWindows())
                {
                    _ = Kill(process.Id, SigTerm);
                }

                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            process.Dispose();
        }

        DeleteLocation();
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private void DeleteLocation()
    {
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

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private const int SigTerm = 15;

#pragma warning disable SYSLIB1054 // A plain DllImport avoids needing unsafe code for one int-only call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}

/// <summary>The tests that share one <see cref="AzuriteProcess"/>; each test class makes its own containers.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteProcess>
{
    public const string Name = "azurite";
}
