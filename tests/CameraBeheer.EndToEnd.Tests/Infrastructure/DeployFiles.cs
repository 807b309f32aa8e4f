namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The shipped deployment files (deploy/), turned into a form a test can run: only paths and ports are replaced, and a
/// path or setting the test does not know fails the test, so the files and this test cannot drift apart.
/// </summary>
public static class DeployFiles
{
    public static string MosquittoConf => Path.Combine(TestPaths.RepoRoot, "deploy", "mosquitto", "mosquitto.conf");
    public static string MosquittoAcl => Path.Combine(TestPaths.RepoRoot, "deploy", "mosquitto", "acl");
    public static string HostUnit => Path.Combine(TestPaths.RepoRoot, "deploy", "systemd", "camerabeheer-host.service");

    /// <summary>
    /// deploy/mosquitto/mosquitto.conf with its paths replaced (<paramref name="paths"/>: shipped path → test path) and its
    /// listener on <paramref name="port"/> on loopback. Two lines are added for a test run: <c>user</c> (started as root,
    /// Mosquitto would drop to user mosquitto, which cannot read the test folder) and <c>log_dest stdout</c>.
    /// </summary>
    public static string MosquittoConfFor(int port, IReadOnlyDictionary<string, string> paths)
    {
        var lines = new List<string>();
        foreach (var raw in File.ReadAllLines(MosquittoConf))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                lines.Add(raw);
                continue;
            }

            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts[0] == "listener")
            {
                Assert.Equal("8883", parts[1]);
                lines.Add($"listener {port} 127.0.0.1");
            }
            else if (parts.Length == 2 && parts[1].StartsWith('/'))
            {
                Assert.True(paths.TryGetValue(parts[1], out var local), $"mosquitto.conf names {parts[1]}, which this test does not provide");
                lines.Add($"{parts[0]} {local}");
            }
            else
            {
                lines.Add(raw);
            }
        }

        lines.Add($"user {Environment.UserName}");
        lines.Add("log_dest stdout");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>What the host unit tells the host: its <c>Environment=</c> lines, <c>LoadCredential=</c> lines and the arguments after the DLL in <c>ExecStart=</c>.</summary>
    public sealed record Unit(IReadOnlyList<(string Name, string Value)> Environment, IReadOnlyList<(string Id, string Path)> Credentials, IReadOnlyList<string> Arguments);

    public static Unit ReadHostUnit()
    {
        var environment = new List<(string, string)>();
        var credentials = new List<(string, string)>();
        var arguments = new List<string>();
        foreach (var raw in File.ReadAllLines(HostUnit))
        {
            var line = raw.Trim();
            if (line.StartsWith("Environment=", StringComparison.Ordinal))
            {
                var assignment = line["Environment=".Length..];
                Assert.DoesNotContain(' ', assignment); // one assignment per line, unquoted: what this parser reads
                var eq = assignment.IndexOf('=', StringComparison.Ordinal);
                environment.Add((assignment[..eq], assignment[(eq + 1)..]));
            }
            else if (line.StartsWith("LoadCredential=", StringComparison.Ordinal))
            {
                var value = line["LoadCredential=".Length..];
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                credentials.Add((value[..colon], value[(colon + 1)..]));
            }
            else if (line.StartsWith("ExecStart=", StringComparison.Ordinal))
            {
                var words = line["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var dll = Array.FindIndex(words, w => w.EndsWith("/CameraBeheer.Host.dll", StringComparison.Ordinal));
                Assert.True(dll > 0, $"ExecStart does not run CameraBeheer.Host.dll: {line}");
                arguments.AddRange(words[(dll + 1)..]);
            }
        }

        return new Unit(environment, credentials, arguments);
    }
}
