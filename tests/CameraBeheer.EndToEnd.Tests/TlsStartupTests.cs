namespace CameraBeheer.EndToEnd.Tests;

/// <summary>Plaintext only on loopback, and TLS files that cannot be used: the real host stops at start with one line and exit code 2.</summary>
public sealed class TlsStartupTests
{
    [Theory]
    [InlineData("CAMERABEHEER_Grpc__BindAddress", "0.0.0.0", "error: Grpc:BindAddress 0.0.0.0 would serve gRPC without TLS beyond this machine")]
    [InlineData("CAMERABEHEER_Mqtt__BindAddress", "0.0.0.0", "error: Mqtt:BindAddress 0.0.0.0 would serve the embedded MQTT broker without TLS beyond this machine")]
    [InlineData("CAMERABEHEER_Grpc__BindAddress", "::", "error: Grpc:BindAddress :: would serve gRPC without TLS beyond this machine")]
    public async Task A_plaintext_bind_beyond_loopback_stops_the_start_with_one_line(string variable, string address, string expected)
    {
        var line = await FailedStartAsync(new Dictionary<string, string> { [variable] = address });
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Contains("set Tls:CertificateFile and Tls:KeyFile", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bind_beyond_loopback_with_tls_starts()
    {
        var certificates = TlsKit.NewCertificates();
        var environment = TlsKit.ServerEnvironment(certificates);
        environment["CAMERABEHEER_Grpc__BindAddress"] = "0.0.0.0";
        await using var host = await HostProcess.StartAsync(environment: environment);
        Assert.StartsWith("ready: grpc=https://0.0.0.0:", host.ReadyLine, StringComparison.Ordinal);
        using var client = TlsKit.Client(host, "operator", TlsKit.Trust(certificates));
        Assert.Equal("domus-almere-poort", (await client.Site.StatusAsync(new Contracts.V1.SiteStatusRequest())).Site);
    }

    [Fact]
    public async Task A_missing_certificate_file_stops_the_start_naming_it()
    {
        var certificates = TlsKit.NewCertificates();
        var missing = Path.Combine(certificates.Folder, "missing.crt");
        var environment = TlsKit.ServerEnvironment(certificates);
        environment["CAMERABEHEER_Tls__CertificateFile"] = missing;

        Assert.Equal($"error: Tls:CertificateFile '{missing}': no such file (the certificate, PEM)", await FailedStartAsync(environment));
    }

    [Fact]
    public async Task A_key_of_another_certificate_stops_the_start_naming_both_files()
    {
        var certificates = TlsKit.NewCertificates();
        var other = TlsKit.NewCertificates("tls-other");
        var environment = TlsKit.ServerEnvironment(certificates);
        environment["CAMERABEHEER_Tls__KeyFile"] = other.ServerKey;

        var line = await FailedStartAsync(environment);
        Assert.StartsWith($"error: Tls:KeyFile '{other.ServerKey}' is not the private key of the certificate in Tls:CertificateFile '{certificates.ServerCertificate}'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_without_its_key_stops_the_start()
    {
        var certificates = TlsKit.NewCertificates();
        var line = await FailedStartAsync(new Dictionary<string, string> { ["CAMERABEHEER_Tls__CertificateFile"] = certificates.ServerCertificate });
        Assert.Equal("error: Tls:KeyFile is missing: Tls:CertificateFile is set, give its private key too (PEM)", line);
    }

    [Fact]
    public async Task A_broker_on_another_machine_without_tls_stops_the_start()
    {
        var line = await FailedStartAsync(new Dictionary<string, string>(), "--broker", "192.0.2.10:1883");
        Assert.StartsWith("error: Mqtt:Broker '192.0.2.10:1883' is not on this machine and Mqtt:Tls is off", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unusable_ca_file_for_the_broker_stops_the_start_naming_it()
    {
        var folder = TestPaths.NewFolder("tls-ca");
        var missing = Path.Combine(folder, "ca.crt");
        var line = await FailedStartAsync(
            new Dictionary<string, string> { ["CAMERABEHEER_Mqtt__Tls"] = "true", ["CAMERABEHEER_Mqtt__CaFile"] = missing },
            "--broker", "127.0.0.1:8883");
        Assert.Equal($"error: Mqtt:CaFile '{missing}': no such file (the CA certificate, PEM)", line);
    }

    [Fact]
    public async Task A_password_file_that_cannot_be_read_stops_the_start_naming_it()
    {
        var missing = Path.Combine(TestPaths.NewFolder("tls-password"), "mqtt-password");
        var line = await FailedStartAsync(
            new Dictionary<string, string> { ["CAMERABEHEER_Mqtt__UserName"] = "camerabeheer-backend", ["CAMERABEHEER_Mqtt__PasswordFile"] = missing },
            "--broker", "127.0.0.1:8883");
        Assert.StartsWith($"error: Mqtt:PasswordFile '{missing}' cannot be read:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_and_a_password_file_together_stop_the_start()
    {
        var file = Path.Combine(TestPaths.NewFolder("tls-password"), "mqtt-password");
        await File.WriteAllTextAsync(file, "secret\n");
        var line = await FailedStartAsync(
            new Dictionary<string, string> { ["CAMERABEHEER_Mqtt__Password"] = "other", ["CAMERABEHEER_Mqtt__PasswordFile"] = file },
            "--broker", "127.0.0.1:8883");
        Assert.Equal("error: Mqtt:Password and Mqtt:PasswordFile are both set: give one", line);
    }

    [Fact]
    public async Task The_default_host_listens_on_loopback_only_for_grpc_and_mqtt()
    {
        await using var host = await HostProcess.StartAsync();

        // Every listening socket on the two ports, as the kernel lists it: 127.0.0.1 and nothing else (no 0.0.0.0, no [::]).
        Assert.Equal(["127.0.0.1"], ListeningAddresses(host.MqttPort));
        Assert.Equal(["127.0.0.1"], ListeningAddresses(TlsKit.GrpcUrl(host).Port));
    }

    private static List<string> ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var addresses = new List<string>();
        // A kernel without IPv6 has no tcp6 table, and then nothing can listen on [::] either.
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(t => t == "/proc/net/tcp" || File.Exists(t)))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] != Listen || Convert.ToInt32(local[1], 16) != port) continue;
                var bytes = Convert.FromHexString(local[0]);
                // The kernel prints each 32-bit word in host (little-endian) order.
                for (var i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
                addresses.Add(new System.Net.IPAddress(bytes).ToString());
            }
        }

        return addresses;
    }

    /// <summary>Starts the real host, expects exit code 2, and returns its one <c>error:</c> line (no stack trace).</summary>
    private static async Task<string> FailedStartAsync(Dictionary<string, string> environment, params string[] args) =>
        (await RefusedStart.ErrorLineAsync("tls-start", args, environment)).ErrorLine;
}
