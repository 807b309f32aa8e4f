namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>The real edge agent process, simulating a site's cameras with ffmpeg.</summary>
public sealed class EdgeAgentProcess
{
    private static readonly List<Process> Started = [];
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private EdgeAgentProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>
    /// Adds the agent "edge" the process signs in as, for every camera and gate, through the CLI as an admin would, and
    /// writes the secret it is given to <c>edge-agent.secret</c> in <paramref name="data"/>: that file's path.
    /// </summary>
    public static async Task<string> AddAgentAsync(HostProcess host, string data, string reason)
    {
        var (exit, output, error) = await new CliRunner(host).RunAsync("admin", "agents", "add", "edge", "--all-cameras", "--all-gates", "--reason", reason);
        Assert.True(exit == 0, error);
        var secretFile = Path.Combine(data, "edge-agent.secret");
        await File.WriteAllTextAsync(secretFile, output.Split('\n').Single(l => l.StartsWith("secret: ", StringComparison.Ordinal))["secret: ".Length..] + "\n");
        return secretFile;
    }

    public static EdgeAgentProcess Start(string data, int mqttPort, string siteFile, string secretFile)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var a in new[] { TestPaths.EdgeDll, "--simulate", "--broker", $"127.0.0.1:{mqttPort}", "--data", data, "--site-config", siteFile, "--user", "edge", "--password-file", secretFile })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the edge");
        var edge = new EdgeAgentProcess(process);
        process.OutputDataReceived += (_, e) => { lock (edge._log) edge._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (edge._log) edge._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (Started) Started.Add(process);
        return edge;
    }

    /// <summary>SIGKILL, the agent's ffmpeg children with it (the process tree): nothing is said goodbye.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, the stop an operator or systemd gives; returns once the agent has exited.</summary>
    public async Task<int> StopAsync(TimeSpan within)
    {
        Assert.Equal(0, Signals.Kill(_process.Id, Signals.SigTerm));
        using var timeout = new CancellationTokenSource(within);
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { Assert.Fail($"the edge agent did not stop within {within.TotalSeconds:0} s of SIGTERM:\n{Log}"); }
        _process.WaitForExit(); // the output is read to its end
        return _process.ExitCode;
    }

    public static void KillAll()
    {
        lock (Started)
            foreach (var p in Started.Where(p => !p.HasExited))
                p.Kill(entireProcessTree: true);
    }

    /// <summary>The ids of the motion and segment events in the edge's outbox journal (what it recorded and has not yet seen acknowledged).</summary>
    public static IEnumerable<string> JournaledEventIds(string data)
    {
        var ids = new List<string>();
        var journal = Path.Combine(data, ".edge", "edge", "outbox", "journal");
        if (!Directory.Exists(journal)) return ids;
        foreach (var file in Directory.EnumerateFiles(journal, "*.jsonl"))
        {
            string[] lines;
            try { lines = File.ReadAllLines(file); }
            catch (IOException) { continue; } // removed while being read: all of it was done
            foreach (var line in lines)
            {
                if (!line.EndsWith('}')) continue; // a line being written
                using var record = JsonDocument.Parse(line);
                var kind = record.RootElement.GetProperty("kind").GetString();
                if (kind is "motion" or "segment" && record.RootElement.TryGetProperty("id", out var id) && id.GetString() is { } value) ids.Add(value);
            }
        }
        return ids;
    }
}
