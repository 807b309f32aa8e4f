using System.Security.Cryptography;
using CameraBeheer.Contracts.Evidence;

namespace CameraBeheer.Exports;

/// <summary>
/// Signs evidence packages with the site's export key: ECDSA P-256 over SHA-256, DER-encoded as openssl writes and reads
/// it, so that <c>openssl dgst -sha256 -verify export-key.pem -signature SHA256SUMS.sig SHA256SUMS</c> checks a package.
/// </summary>
/// <remarks>The key is a PKCS#8 PEM file. It comes from <c>Exports:SigningKeyFile</c> when configured (and must then
/// exist), else from <c>{data}/keys/export-signing-key.pem</c>, created on first start readable by its owner only, like
/// the token key. Losing the file means new packages carry a new key: old packages still verify with the public key
/// inside them, and the fingerprint in each manifest says which key signed it.</remarks>
public sealed class EvidenceSigner : IDisposable
{
    /// <summary>Where the key is created when none is configured, relative to the data folder.</summary>
    public const string DefaultRelativePath = "keys/export-signing-key.pem";

    private readonly ECDsa _key;

    private EvidenceSigner(ECDsa key, string keyFile)
    {
        _key = key;
        KeyFile = keyFile;
        var spki = key.ExportSubjectPublicKeyInfo();
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", spki) + "\n";
        Fingerprint = EvidenceKeys.FingerprintOf(spki);
    }

    /// <summary>The public key as SubjectPublicKeyInfo PEM (what <c>openssl dgst -verify</c> takes), ending in a newline.</summary>
    public string PublicKeyPem { get; }

    /// <summary>"SHA256:" + lowercase hex of the SHA-256 over the SubjectPublicKeyInfo DER.</summary>
    public string Fingerprint { get; }

    /// <summary>The private key file in use.</summary>
    public string KeyFile { get; }

    /// <summary>The default key file under a data folder.</summary>
    public static string DefaultPathIn(string dataDirectory) => Path.Combine(dataDirectory, DefaultRelativePath);

    /// <summary>Loads the configured key, or the default one under <paramref name="dataDirectory"/>, creating that on first start.</summary>
    /// <exception cref="InvalidOperationException">The configured file is missing, or a key file is unreadable or not an
    /// ECDSA P-256 private key; the message names the file and the setting.</exception>
    public static EvidenceSigner LoadOrCreate(string? configuredKeyFile, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredKeyFile))
        {
            var configured = Path.GetFullPath(configuredKeyFile);
            if (!File.Exists(configured))
                throw new InvalidOperationException($"Exports:SigningKeyFile points to {configured}, which does not exist: give the path of a PEM ECDSA P-256 private key, or leave the setting out to use {DefaultRelativePath} in the data folder");
            return Load(configured);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var path = Path.GetFullPath(DefaultPathIn(dataDirectory));
        return File.Exists(path) ? Load(path) : Create(path);
    }

    /// <summary>Loads a PEM private key file (PKCS#8 or SEC 1 "EC PRIVATE KEY").</summary>
    public static EvidenceSigner Load(string keyFile)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"the export signing key {keyFile} cannot be read: {e.Message}", e);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            // ImportFromPem accepts a public key too; signing needs the private half.
            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"the export signing key {keyFile} is not a PEM ECDSA P-256 private key ({e.Message}); replace it, or remove it to have a new key created", e);
        }

        if (!EvidenceKeys.IsP256(key))
        {
            key.Dispose();
            throw new InvalidOperationException($"the export signing key {keyFile} is an ECDSA key on another curve than P-256 (prime256v1), which the evidence recipe expects");
        }

        return new EvidenceSigner(key, keyFile);
    }

    /// <summary>Signs <paramref name="data"/>: ECDSA P-256, SHA-256, DER (Rfc3279DerSequence), as openssl expects.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();

    private static EvidenceSigner Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key.ExportPkcs8PrivateKeyPem());
                writer.Write('\n');
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            key.Dispose();
            return Load(path);
        }

        return new EvidenceSigner(key, path);
    }
}
