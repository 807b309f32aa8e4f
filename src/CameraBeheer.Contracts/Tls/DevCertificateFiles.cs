namespace CameraBeheer.Contracts.Tls;

/// <summary>
/// The four files of a test PKI in one folder, as <c>camerabeheer dev-certs</c> writes them: <c>ca.crt</c>,
/// <c>ca.key</c>, <c>server.crt</c>, <c>server.key</c> (PEM; the keys readable by their owner only).
/// </summary>
public sealed record DevCertificateFiles(string Folder)
{
    public string CaCertificate => Path.Combine(Folder, "ca.crt");
    public string CaKey => Path.Combine(Folder, "ca.key");
    public string ServerCertificate => Path.Combine(Folder, "server.crt");
    public string ServerKey => Path.Combine(Folder, "server.key");

    public IReadOnlyList<string> All => [CaCertificate, CaKey, ServerCertificate, ServerKey];

    /// <summary>Makes a new CA and a server certificate for the loopback names and <paramref name="hosts"/>, and writes the four files.</summary>
    /// <param name="overwrite">Replace files that exist; without it an existing file is an error and nothing is written.</param>
    /// <exception cref="IOException">A file exists and <paramref name="overwrite"/> is false (the message names it), or writing failed.</exception>
    public static DevCertificateFiles Write(string folder, IEnumerable<string> hosts, DateTimeOffset now, bool overwrite = false)
    {
        var files = new DevCertificateFiles(Path.GetFullPath(folder));
        var existing = files.All.Where(File.Exists).ToList();
        if (existing.Count > 0 && !overwrite)
            throw new IOException($"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : "")}; pass --force to replace {(existing.Count == 1 ? "it" : "them")}");
        Directory.CreateDirectory(files.Folder);

        using var ca = DevCertificateAuthority.Create(now);
        using var server = ca.IssueServerCertificate(hosts, now);
        WriteFile(files.CaKey, DevCertificateAuthority.PrivateKeyPem(ca.Certificate), secret: true);
        WriteFile(files.CaCertificate, DevCertificateAuthority.CertificatePem(ca.Certificate), secret: false);
        WriteFile(files.ServerKey, DevCertificateAuthority.PrivateKeyPem(server), secret: true);
        WriteFile(files.ServerCertificate, DevCertificateAuthority.CertificatePem(server), secret: false);
        return files;
    }

    private static void WriteFile(string path, string text, bool secret)
    {
        // Removed first: the mode of a new file is set at creation, and a replaced key must not inherit a wider one.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
