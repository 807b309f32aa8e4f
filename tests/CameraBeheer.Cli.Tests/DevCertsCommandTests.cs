using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Cli.Tests;

/// <summary><c>camerabeheer dev-certs</c>: a test CA and a server certificate signed by it, as PEM files a TLS stack accepts.</summary>
public sealed class DevCertsCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"camerabeheer-devcerts-{Guid.NewGuid():N}");

    [Fact]
    public async Task Writes_a_ca_and_a_server_certificate_it_signed_for_loopback_and_every_host()
    {
        var run = await Cli.RunAsync("dev-certs", "--out", _folder, "--host", "camerabeheer.domus.local", "--host", "10.0.0.5");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        foreach (var name in new[] { "ca.crt", "ca.key", "server.crt", "server.key" })
            Assert.Contains(run.OutLines, l => l.StartsWith($"wrote {Path.Combine(_folder, name)}", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains("CAMERABEHEER_Tls__CertificateFile=", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains($"--ca-file {Path.Combine(_folder, "ca.crt")}", StringComparison.Ordinal));

        using var server = X509Certificate2.CreateFromPemFile(Path.Combine(_folder, "server.crt"), Path.Combine(_folder, "server.key"));
        Assert.True(server.HasPrivateKey);
        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "camerabeheer.domus.local"], names.EnumerateDnsNames().ToArray());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("10.0.0.5")], names.EnumerateIPAddresses().ToArray());
        Assert.Equal(Cli.Now.AddHours(-1), new DateTimeOffset(server.NotBefore.ToUniversalTime()));

        var trust = CertificateAuthorityTrust.FromFile(Path.Combine(_folder, "ca.crt"), "--ca-file");
        Assert.True(trust.IsTrusted(server, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public async Task The_keys_are_readable_by_their_owner_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "file modes are POSIX");
        await Cli.RunAsync("dev-certs", "--out", _folder);

        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "server.key")));
        Assert.True(File.GetUnixFileMode(Path.Combine(_folder, "server.crt")).HasFlag(UnixFileMode.OtherRead));
    }

    [Fact]
    public async Task Openssl_verifies_the_server_certificate_against_the_ca()
    {
        Assert.True(File.Exists("/usr/bin/openssl"), "openssl is not installed: ./test.sh installs it");
        await Cli.RunAsync("dev-certs", "--out", _folder, "--host", "camerabeheer.domus.local");

        var (code, output) = await OpensslAsync("verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "camerabeheer.domus.local",
            "-CAfile", Path.Combine(_folder, "ca.crt"), Path.Combine(_folder, "server.crt"));
        Assert.True(code == 0, output);
        Assert.Contains(": OK", output, StringComparison.Ordinal);
        var (keyCode, keyOutput) = await OpensslAsync("pkey", "-in", Path.Combine(_folder, "server.key"), "-noout", "-check");
        Assert.True(keyCode == 0, keyOutput);
    }

    [Fact]
    public async Task Existing_files_are_not_overwritten_without_force()
    {
        await Cli.RunAsync("dev-certs", "--out", _folder);
        var before = await File.ReadAllTextAsync(Path.Combine(_folder, "ca.key"), TestContext.Current.CancellationToken);

        var refused = await Cli.RunAsync("dev-certs", "--out", _folder);

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.ErrorLines);
        Assert.StartsWith($"error: {Path.Combine(_folder, "ca.crt")}, {Path.Combine(_folder, "ca.key")}", line, StringComparison.Ordinal);
        Assert.EndsWith("already exist; nothing written (pass --force to replace)", line, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_folder, "ca.key"), TestContext.Current.CancellationToken));

        var forced = await Cli.RunAsync("dev-certs", "--out", _folder, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(before, await File.ReadAllTextAsync(Path.Combine(_folder, "ca.key"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_bad_host_name_is_refused_and_nothing_is_written()
    {
        var run = await Cli.RunAsync("dev-certs", "--out", _folder, "--host", "bad host/name");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --host 'bad host/name' is not a host name or IP address", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static async Task<(int Code, string Output)> OpensslAsync(params string[] args)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output + error);
    }
}
