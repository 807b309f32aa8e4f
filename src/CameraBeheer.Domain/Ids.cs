namespace CameraBeheer.Domain;

/// <summary>The one id rule shared by site configuration and MQTT topics: lower-case letters, digits and '-'.</summary>
public static class Ids
{
    /// <summary>The rule as a regular expression, for messages and documentation.</summary>
    public const string Pattern = "^[a-z0-9][a-z0-9-]{0,63}$";

    public const int MaxLength = 64;

    /// <summary>The rule in words, for messages a person has to act on.</summary>
    public const string Rule = "lower-case letters, digits and '-', 1 to 64 characters, not starting with '-'";

    /// <summary>True when <paramref name="id"/> is a valid site, camera, gate, zone, window or region id.</summary>
    /// <remarks>
    /// Hand-written rather than a Regex: it runs for every MQTT message, and a Regex '$' would also
    /// accept a trailing newline.
    /// </remarks>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || id[0] == '-')
            return false;

        foreach (var c in id)
        {
            if (!IsIdChar(c))
                return false;
        }
        return true;
    }

    private static bool IsIdChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
}
