using System.Net.Sockets;
using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.EndToEnd.Tests;

/// <summary>
/// deploy/ as shipped works together: the real Mosquitto with deploy/mosquitto/mosquitto.conf and acl (TLS, no anonymous
/// access, a password file made with the real mosquitto_passwd), and the host with the environment and credentials of
/// deploy/systemd/camerabeheer-host.service. Only paths and ports are replaced.
/// </summary>
public sealed class DeployedMosquittoTests
{
    private const string Site = "domus-almere-poort";
    private const string PasswordTool = "/usr/bin/mosquitto_passwd";
    private const string BackendUser = "camerabeheer-backend";
    private const string EdgeUser = "edge-test";

    [Fact]
    public async Task The_host_with_the_units_environment_reaches_the_shipped_mosquitto_and_stores_what_an_allowed_agent_publishes()
    {
        Assert.True(MosquittoProcess.IsInstalled && File.Exists(PasswordTool), "mosquitto is not installed: ./test.sh installs it");
        var folder = TestPaths.NewFolder("deployed");
        var certificates = DevCertificateFiles.Write(Path.Combine(folder, "certs"), [], DateTimeOffset.UtcNow);
        var backendPassword = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var edgePassword = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        // Mosquitto's side: the shipped files, a password file made by the real tool, and one agent block as
        // `camerabeheer agents export-mosquitto` appends it (the shipped acl has the backend's block only).
        var passwd = Path.Combine(folder, "passwd");
        await RunAsync(PasswordTool, "-c", "-b", passwd, BackendUser, backendPassword);
        await RunAsync(PasswordTool, "-b", passwd, EdgeUser, edgePassword);
        var acl = Path.Combine(folder, "acl");
        await File.WriteAllTextAsync(acl, await File.ReadAllTextAsync(DeployFiles.MosquittoAcl)
            + $"\nuser {EdgeUser}\ntopic write camerabeheer/v1/{Site}/camera/cam-05/motion\n");
        var mqttPort = FreePorts.Next();
        var conf = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(conf, DeployFiles.MosquittoConfFor(mqttPort, new Dictionary<string, string>
        {
            ["/var/lib/mosquitto/"] = folder + "/",
            ["/etc/mosquitto/certs/server.crt"] = certificates.ServerCertificate,
            ["/etc/mosquitto/certs/server.key"] = certificates.ServerKey,
            ["/etc/mosquitto/passwd"] = passwd,
            ["/etc/mosquitto/acl"] = acl,
        }));
        await using var mosquitto = await MosquittoProcess.StartWithConfigAsync(conf, mqttPort);

        // The host's side: the unit's Environment= and LoadCredential= lines, with the unit's paths and ports replaced.
        var passwordFile = Path.Combine(folder, "mqtt-password");
        await File.WriteAllTextAsync(passwordFile, backendPassword + "\n");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var grpcPort = FreePorts.Next();
        var paths = new Dictionary<string, string>
        {
            ["/etc/camerabeheer/tls/server.crt"] = certificates.ServerCertificate,
            ["/etc/camerabeheer/tls/server.key"] = certificates.ServerKey,
            ["/etc/camerabeheer/tls/ca.crt"] = certificates.CaCertificate,
            ["/etc/camerabeheer/mqtt-password"] = passwordFile,
            ["/var/lib/camerabeheer"] = data,
        };
        var unit = DeployFiles.ReadHostUnit();
        var credentials = Path.Combine(folder, "credentials");
        Directory.CreateDirectory(credentials);
        foreach (var (id, source) in unit.Credentials)
        {
            Assert.True(paths.TryGetValue(source, out var local), $"LoadCredential= names {source}, which this test does not provide");
            File.Copy(local, Path.Combine(credentials, id));
        }

        var environment = new Dictionary<string, string>();
        foreach (var (name, value) in unit.Environment)
        {
            var local = value.Replace("%d", credentials, StringComparison.Ordinal)
                .Replace("127.0.0.1:8883", $"127.0.0.1:{mqttPort}", StringComparison.Ordinal);
            if (name == "CAMERABEHEER_Grpc__Port") local = $"{grpcPort}";
            if (paths.TryGetValue(value, out var path)) local = path;
            Assert.False(local.StartsWith("/etc/", StringComparison.Ordinal) || local.StartsWith("/var/", StringComparison.Ordinal), $"{name}={value} names a path this test does not provide");
            environment[name] = local;
        }

        Assert.Equal("true", environment["CAMERABEHEER_Mqtt__Tls"]);
        Assert.DoesNotContain(environment.Keys, k => k.EndsWith("Password", StringComparison.Ordinal)); // secrets come from files only
        var arguments = unit.Arguments.Select(a => paths.GetValueOrDefault(a, a)).ToList();
        var host = HostProcess.Launch(data, grpcPort, mqttPort, arguments, withDefaults: false, environment: environment);
        await using (host)
        {
            await host.WaitReadyAsync();
            Assert.Contains($"mqtt=127.0.0.1:{mqttPort}", host.ReadyLine, StringComparison.Ordinal);
            Assert.StartsWith($"ready: grpc=https://0.0.0.0:{grpcPort}", host.ReadyLine, StringComparison.Ordinal);

            // Without a user name the shipped broker lets nobody in.
            await Assert.ThrowsAnyAsync<Exception>(() => TlsKit.ConnectMqttAsync(mqttPort, TlsKit.Trust(certificates)));

            var motionTime = DateTimeOffset.UtcNow.AddSeconds(-3);
            using (var edge = await TlsKit.ConnectMqttAsync(mqttPort, TlsKit.Trust(certificates), EdgeUser, edgePassword))
            {
                await TlsKit.PublishAsync(edge, EdgeTopics.Motion(Site, "cam-05"), EdgePublisher.Motion("deployed-1", motionTime, "start", "bike-path", 0.7));
                await edge.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }

            using var client = TlsKit.Client(host, "operator", TlsKit.Trust(certificates));
            var ids = await Eventually.GetAsync(() => CameraEvents.IdsAsync(client, Site, "cam-05", motionTime), ids => ids.Count > 0,
                "the event published through the deployed mosquitto to be stored");
            Assert.Equal(["deployed-1"], ids);
            Assert.Equal(0, await host.StopAsync());
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {output}");
    }
}
