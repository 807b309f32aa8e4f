using System.Net;
using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Ingest.Tests.Tls;

/// <summary>Plaintext only on loopback: a listener beyond this machine without TLS is refused with one line saying why and what to set.</summary>
public sealed class PlaintextBindRuleTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.53")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Plaintext_on_loopback_is_allowed(string address) =>
        Assert.Null(LoopbackAddresses.PlaintextBindProblem("gRPC", "Grpc:BindAddress", IPAddress.Parse(address), tls: false));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.20")]
    [InlineData("10.0.0.5")]
    public void Plaintext_beyond_loopback_is_refused_in_one_line_naming_the_setting_and_the_fix(string address)
    {
        var problem = LoopbackAddresses.PlaintextBindProblem("the embedded MQTT broker", "Mqtt:BindAddress", IPAddress.Parse(address), tls: false);
        Assert.NotNull(problem);
        Assert.StartsWith($"Mqtt:BindAddress {IPAddress.Parse(address)} would serve the embedded MQTT broker without TLS beyond this machine", problem, StringComparison.Ordinal);
        Assert.Contains("set Tls:CertificateFile and Tls:KeyFile", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    public void Any_address_is_allowed_with_tls(string address) =>
        Assert.Null(LoopbackAddresses.PlaintextBindProblem("gRPC", "Grpc:BindAddress", IPAddress.Parse(address), tls: true));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("camerabeheer.domus.local", false)]
    [InlineData("192.0.2.10", false)]
    [InlineData("localhost.example.com", false)]
    public void Only_this_machine_counts_as_loopback(string host, bool loopback) =>
        Assert.Equal(loopback, LoopbackAddresses.IsLoopback(host));
}
