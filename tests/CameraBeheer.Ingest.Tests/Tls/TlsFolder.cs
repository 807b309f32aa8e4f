using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Ingest.Tests.Tls;

/// <summary>A temporary folder with a fresh test CA and server certificate, made the way <c>camerabeheer dev-certs</c> makes them.</summary>
internal sealed class TlsFolder : IDisposable
{
    // Now, not a fixed moment: a chain is checked against the real clock.
    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public TlsFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"camerabeheer-tls-{Guid.NewGuid():N}");
        Files = DevCertificateFiles.Write(Path, ["camerabeheer.test"], Now);
    }

    public string Path { get; }

    public DevCertificateFiles Files { get; }

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
