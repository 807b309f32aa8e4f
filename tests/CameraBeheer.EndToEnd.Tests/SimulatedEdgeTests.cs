namespace CameraBeheer.EndToEnd.Tests;

/// <summary>The simulated edge of <c>./run.sh</c>, as a process with credentials provisioned the way run.sh does, still gets its events in.</summary>
/// <remarks>Alone: its 76 ffmpeg processes would starve the other end-to-end tests' hosts on a 2-core machine.</remarks>
[Collection(Name)]
public sealed class SimulatedEdgeTests
{
    public const string Name = "simulated edge, alone";

    [Fact]
    public async Task The_simulated_edge_with_provisioned_credentials_gets_every_camera_online_and_motion_in()
    {
        Assert.True(File.Exists("/usr/bin/ffmpeg"), "ffmpeg is not installed: ./test.sh installs it");
        var data = TestPaths.NewFolder("simulated-edge");
        await using var host = await HostProcess.StartAsync(data);
        var secretFile = await EdgeAgentProcess.AddAgentAsync(host, data, "the simulated edge");

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var a in new[] { TestPaths.EdgeDll, "--simulate", "--broker", $"127.0.0.1:{host.MqttPort}", "--data", data, "--site-config", TestPaths.SiteConfig, "--user", "edge", "--password-file", secretFile })
            info.ArgumentList.Add(a);
        var log = new StringBuilder();
        using var edge = Process.Start(info) ?? throw new InvalidOperationException("could not start the edge");
        edge.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        edge.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        edge.BeginOutputReadLine();
        edge.BeginErrorReadLine();
        try
        {
            using var client = host.Client("operator");
            var cameras = await Eventually.GetAsync(() => client.Cameras.ListAsync(new ListCamerasRequest()).ResponseAsync,
                l => l.Cameras.All(c => c.Status == "online") && l.Cameras.Any(c => c.LastMotion is not null),
                "every camera online and motion from the simulation", TimeSpan.FromMinutes(4));
            Assert.Equal(38, cameras.Cameras.Count);
            Assert.False(edge.HasExited, Log());
            Assert.DoesNotContain("Refused", host.Output);
        }
        finally
        {
            if (!edge.HasExited)
            {
                Signals.Kill(edge.Id, Signals.SigTerm);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try { await edge.WaitForExitAsync(timeout.Token); }
                catch (OperationCanceledException) { edge.Kill(entireProcessTree: true); }
            }
        }

        string Log()
        {
            lock (log) return log.ToString();
        }
    }

    [Fact]
    public async Task The_edge_stops_with_one_line_when_its_password_file_is_missing()
    {
        var data = TestPaths.NewFolder("edge-no-secret");
        var missing = Path.Combine(data, "nope.secret");
        var (exit, output) = await AgentAccessTests.RunAsync("dotnet", TestPaths.EdgeDll, "--data", data, "--user", "edge", "--password-file", missing);
        Assert.Equal(2, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: Edge:Mqtt:PasswordFile '{missing}' cannot be read", line);
    }
}

/// <summary>Runs <see cref="SimulatedEdgeTests"/> after the others, not beside them.</summary>
[CollectionDefinition(SimulatedEdgeTests.Name, DisableParallelization = true)]
public sealed class SimulatedEdgeCollection;
