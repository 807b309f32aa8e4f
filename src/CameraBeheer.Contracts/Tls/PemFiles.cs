using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CameraBeheer.Contracts.Tls;

/// <summary>
/// Reads PEM certificates and keys (as Mosquitto, OpenSSL and <c>camerabeheer dev-certs</c> write them) with one-line
/// errors naming the setting and the file: the framework's own exceptions say "ASN1 corrupted data" without a path.
/// </summary>
public static class PemFiles
{
    /// <summary>A server certificate with its private key, for Kestrel and the embedded MQTT broker.</summary>
    /// <param name="certificateFile">PEM certificate (the server's first; a chain after it is allowed).</param>
    /// <param name="keyFile">PEM private key (PKCS#8, or the traditional RSA / EC form), unencrypted.</param>
    /// <param name="certificateSetting">The configuration key that named <paramref name="certificateFile"/>, for the message.</param>
    /// <param name="keySetting">The configuration key that named <paramref name="keyFile"/>, for the message.</param>
    /// <exception cref="TlsFileException">Either file cannot be used, or the key is not the certificate's.</exception>
    public static X509Certificate2 LoadServerCertificate(string certificateFile, string keyFile, string certificateSetting, string keySetting)
    {
        var certificatePem = ReadText(certificateFile, certificateSetting, "certificate");
        var keyPem = ReadText(keyFile, keySetting, "private key");
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            throw new TlsFileException($"{certificateSetting} '{certificateFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----): {OneLine(e.Message)}", e);
        }

        using (certificate)
        {
            try
            {
                // Matching is checked here: CopyWithPrivateKey refuses a key whose public half is not the certificate's.
                return certificate.GetKeyAlgorithm() == Oids.Ecc
                    ? certificate.CopyWithPrivateKey(ImportEcdsa(keyPem))
                    : certificate.CopyWithPrivateKey(ImportRsa(keyPem));
            }
            catch (ArgumentException e) when (e is not ArgumentNullException)
            {
                throw new TlsFileException($"{keySetting} '{keyFile}' is not the private key of the certificate in {certificateSetting} '{certificateFile}' (or holds no PEM private key): {OneLine(e.Message)}", e);
            }
            catch (CryptographicException e)
            {
                throw new TlsFileException($"{keySetting} '{keyFile}' holds no usable PEM private key for the certificate in '{certificateFile}' (an encrypted key is not supported): {OneLine(e.Message)}", e);
            }
        }
    }

    /// <summary>The certificates of a CA file (PEM, one or more), to be trusted as the only roots.</summary>
    /// <exception cref="TlsFileException">The file is missing, unreadable, or holds no PEM certificate.</exception>
    public static X509Certificate2Collection LoadCertificateAuthority(string caFile, string setting)
    {
        var pem = ReadText(caFile, setting, "CA certificate");
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new TlsFileException($"{setting} '{caFile}' holds a damaged PEM certificate: {OneLine(e.Message)}", e);
        }

        if (collection.Count == 0)
            throw new TlsFileException($"{setting} '{caFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        return collection;
    }

    private static string ReadText(string path, string setting, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new TlsFileException($"{setting} is empty: give the path of the {what} file (PEM)");
        try
        {
            if (Directory.Exists(path)) throw new TlsFileException($"{setting} '{path}' is a folder, not a {what} file");
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TlsFileException($"{setting} '{path}': no such file (the {what}, PEM)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TlsFileException($"{setting} '{path}' cannot be read by this user (the {what}): permission denied", e);
        }
        catch (IOException e)
        {
            throw new TlsFileException($"{setting} '{path}' cannot be read (the {what}): {OneLine(e.Message)}", e);
        }
    }

    private static ECDsa ImportEcdsa(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }

    private static RSA ImportRsa(string pem)
    {
        var key = RSA.Create();
        key.ImportFromPem(pem);
        return key;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static class Oids
    {
        public const string Ecc = "1.2.840.10045.2.1";
    }
}
