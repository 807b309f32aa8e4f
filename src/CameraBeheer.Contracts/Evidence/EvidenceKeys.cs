using System.Security.Cryptography;

namespace CameraBeheer.Contracts.Evidence;

/// <summary>
/// The public half of the export signing key as recipients see it: a SubjectPublicKeyInfo PEM (what
/// <c>openssl dgst -verify</c> takes), its fingerprint, and the signature check over <c>SHA256SUMS</c>
/// (ECDSA P-256, SHA-256, DER-encoded signature as openssl writes it).
/// </summary>
public static class EvidenceKeys
{
    /// <summary>"SHA256:" and the lowercase hex SHA-256 of the SubjectPublicKeyInfo DER.</summary>
    public static string FingerprintOf(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        "SHA256:" + Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>Reads a public key PEM and checks that it is ECDSA on P-256.</summary>
    /// <exception cref="FormatException">The text is not such a key; the message says what it is instead.</exception>
    public static ECDsa ImportPublicKey(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"not a PEM ECDSA public key ({e.Message})");
        }

        if (!IsP256(key))
        {
            key.Dispose();
            throw new FormatException("the key is ECDSA but not on curve P-256 (prime256v1)");
        }
        return key;
    }

    /// <summary>The fingerprint of a public key PEM.</summary>
    public static string FingerprintOfPem(string pem)
    {
        using var key = ImportPublicKey(pem);
        return FingerprintOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Whether <paramref name="signature"/> (DER) is the key's ECDSA P-256/SHA-256 signature over <paramref name="data"/>.</summary>
    public static bool Verify(ECDsa publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        try
        {
            return publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false; // not even a well-formed DER signature
        }
    }

    /// <summary>Whether a key lies on NIST P-256, whatever name the PEM gave the curve.</summary>
    public static bool IsP256(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var curve = key.ExportParameters(false).Curve;
        return key.KeySize == 256 && curve.IsNamed
            && (curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1");
    }
}
