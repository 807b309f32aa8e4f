namespace CameraBeheer.Abstractions;

/// <summary>How grains are keyed: per site, or per site and camera/zone/gate (<c>{site}/{id}</c>).</summary>
public static class GrainKeys
{
    public static string Camera(string site, string camera) => $"{site}/{camera}";
    public static string Zone(string site, string zone) => $"{site}/{zone}";
    public static string Gate(string site, string gate) => $"{site}/{gate}";

    /// <summary>Splits a <c>{site}/{id}</c> key.</summary>
    public static (string Site, string Id) Split(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1) throw new ArgumentException($"grain key '{key}' is not of the form site/id", nameof(key));
        return (key[..slash], key[(slash + 1)..]);
    }
}
