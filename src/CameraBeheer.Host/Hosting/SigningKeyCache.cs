using CameraBeheer.Contracts.Auth;
using Microsoft.IdentityModel.Tokens;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// The signing keys of the data folder as the token validation sees them: read again when the key file or the folder of
/// rotated keys changes (their timestamps are compared on every call, two <c>stat</c>s), so a <c>token rotate-key</c> on
/// the server machine takes effect without a restart.
/// </summary>
public sealed class SigningKeyCache(string dataDirectory, TimeProvider time, ILogger<SigningKeyCache> logger)
{
    private readonly Lock _gate = new();
    private (DateTime Legacy, DateTime Rotated) _stamp = (DateTime.MinValue, DateTime.MinValue);
    private IReadOnlyList<SigningKey> _keys = [];

    /// <summary>The key that signs new tokens.</summary>
    public SigningKey Current => Keys()[^1];

    /// <summary>
    /// The accepted keys a token's <c>kid</c> names: none for an unknown kid or a key whose grace period is over. A token
    /// without a kid was issued before rotation existed and can only have been signed by the first key.
    /// </summary>
    public IEnumerable<SecurityKey> Resolve(string? kid)
    {
        var now = time.GetUtcNow();
        var legacy = SigningKeyFile.PathIn(dataDirectory);
        return Keys()
            .Where(k => kid is null ? k.Path == legacy : string.Equals(k.KeyId, kid, StringComparison.Ordinal))
            .Where(k => SigningKeyRing.IsAccepted(k, now))
            .Select(k => new SymmetricSecurityKey(k.Key) { KeyId = k.KeyId });
    }

    private IReadOnlyList<SigningKey> Keys()
    {
        // A path that does not exist has a fixed stamp (1601-01-01): its appearance is a change too.
        var stamp = (File.GetLastWriteTimeUtc(SigningKeyFile.PathIn(dataDirectory)), Directory.GetLastWriteTimeUtc(SigningKeyRing.RotatedFolderIn(dataDirectory)));
        lock (_gate)
        {
            if (stamp == _stamp && _keys.Count > 0) return _keys;
            try
            {
                var keys = SigningKeyRing.LoadAll(dataDirectory);
                if (keys.Count == 0) throw new InvalidOperationException($"no signing key in {dataDirectory}/keys");
                (_keys, _stamp) = (keys, stamp);
                logger.LogInformation("Token signing keys: {Keys}; current {Current}", string.Join(", ", keys.Select(k => k.KeyId)), keys[^1].KeyId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException && _keys.Count > 0)
            {
                // A damaged or unreadable file must not lock everyone out: keep the keys read last, and say so.
                logger.LogError("Could not read the token signing keys again, keeping the ones read before: {Problem}", e.Message);
            }
            return _keys;
        }
    }
}
