using System.Diagnostics;
using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.Ingest.Tests.EdgeAgents;

/// <summary>The agent secret's hash is Mosquitto's own <c>$7$</c> format: what one makes, the other verifies.</summary>
public sealed class MosquittoPasswordHashTests
{
    private const string MosquittoPasswd = "/usr/bin/mosquitto_passwd";

    [Fact]
    public void A_hash_has_mosquittos_shape_and_verifies_only_its_own_secret()
    {
        var secret = EdgeAgentSecret.New();
        var hash = MosquittoPasswordHash.Create(secret);
        Assert.Matches(@"^\$7\$1000\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$", hash);
        Assert.True(MosquittoPasswordHash.Verify(secret, hash));
        Assert.False(MosquittoPasswordHash.Verify(secret + "x", hash));
        Assert.False(MosquittoPasswordHash.Verify("", hash));
        Assert.NotEqual(hash, MosquittoPasswordHash.Create(secret));
    }

    [Fact]
    public void The_known_answer_of_mosquitto_passwd_is_reproduced()
    {
        // Made by `mosquitto_passwd -b passwd u secret` (Mosquitto 2.0.11): salt and hash taken from its line.
        const string line = "$7$101$AuOLEvxc6kJ19aEI$V1P+wz73XqP4jfIlg0sJDb90bvcZrNho1FJxl7ZSrqUKaT2a+YKqWxnaL+N4sTdUqsEGP9dKrod1EFBdHrVIlw==";
        Assert.True(MosquittoPasswordHash.Verify("secret", line));
        Assert.Equal(line, MosquittoPasswordHash.Create("secret", Convert.FromBase64String("AuOLEvxc6kJ19aEI"), 101));
    }

    [Fact]
    public async Task A_hash_made_by_the_real_mosquitto_passwd_verifies()
    {
        Assert.True(File.Exists(MosquittoPasswd), $"{MosquittoPasswd} is not installed: ./test.sh installs mosquitto");
        var folder = Directory.CreateTempSubdirectory("mosquitto-passwd-");
        try
        {
            var secret = EdgeAgentSecret.New();
            var file = Path.Combine(folder.FullName, "passwd");
            var info = new ProcessStartInfo(MosquittoPasswd) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-c", "-b", file, "edge", secret }) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);

            var stored = (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Trim()["edge:".Length..];
            Assert.StartsWith("$7$", stored);
            Assert.True(MosquittoPasswordHash.Verify(secret, stored));
            Assert.False(MosquittoPasswordHash.Verify(EdgeAgentSecret.New(), stored));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("$6$101$AuOLEvxc6kJ19aEI$V1P+")]
    [InlineData("$7$abc$AuOLEvxc6kJ19aEI$V1P+wz73XqP4jfIlg0sJDb90bvcZrNho1FJxl7ZSrqUKaT2a+YKqWxnaL+N4sTdUqsEGP9dKrod1EFBdHrVIlw==")]
    [InlineData("$7$999999999$AuOLEvxc6kJ19aEI$V1P+wz73XqP4jfIlg0sJDb90bvcZrNho1FJxl7ZSrqUKaT2a+YKqWxnaL+N4sTdUqsEGP9dKrod1EFBdHrVIlw==")]
    [InlineData("$7$101$not base64!$V1P+wz73XqP4jfIlg0sJDb90bvcZrNho1FJxl7ZSrqUKaT2a+YKqWxnaL+N4sTdUqsEGP9dKrod1EFBdHrVIlw==")]
    [InlineData("$7$101$AuOLEvxc6kJ19aEI$c2hvcnQ=")]
    [InlineData("$7$101$AuOLEvxc6kJ19aEI")]
    public void A_malformed_stored_hash_verifies_nothing(string? stored)
    {
        Assert.False(MosquittoPasswordHash.IsWellFormed(stored));
        Assert.False(MosquittoPasswordHash.Verify("secret", stored));
    }

    [Fact]
    public void A_secret_is_256_random_bits_in_base64url()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => EdgeAgentSecret.New()).ToList();
        Assert.All(secrets, s => Assert.Matches("^[A-Za-z0-9_-]{43}$", s));
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
        Assert.Equal(32, Convert.FromBase64String(secrets[0].Replace('-', '+').Replace('_', '/') + "=").Length);
    }
}
