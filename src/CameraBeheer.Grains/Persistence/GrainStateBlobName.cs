using System.Text;

namespace CameraBeheer.Grains.Persistence;

/// <summary>
/// Where a grain's state lives: <c>state/{grain-type}/{key}.json</c>, the key's '/' making subfolders
/// (<c>state/camera/domus-almere-poort/cam-01.json</c>). A state whose name differs from the grain type (the
/// convention is <c>[PersistentState("camera")]</c> on the "camera" grain) gets <c>@{state-name}</c> before
/// <c>.json</c>, so two states of one grain never share a blob.
/// </summary>
/// <remarks>
/// Anything that would make an invalid or ambiguous blob name is percent-encoded (UTF-8), '%' and '@' included, so
/// distinct grains always get distinct names. Keys with an empty segment ("a//b", "/a") keep no folders at all:
/// every '/' becomes %2F.
/// </remarks>
internal static class GrainStateBlobName
{
    public static string For(GrainId grainId, string stateName)
    {
        var grainType = grainId.Type.ToString() ?? "";
        var key = grainId.Key.ToString() ?? "";
        var suffix = stateName == grainType ? "" : "@" + Escape(stateName, keepSlashes: false);
        return $"state/{Escape(grainType, keepSlashes: false)}/{EscapeKey(key)}{suffix}.json";
    }

    internal static string EscapeKey(string key)
    {
        var keepSlashes = key.Split('/').All(segment => segment.Length > 0);
        return Escape(key, keepSlashes);
    }

    private static string Escape(string text, bool keepSlashes)
    {
        if (text.Length == 0)
        {
            return "%empty"; // still a valid name; encoding only ever writes upper-case hex after a %
        }

        var escaped = new StringBuilder(text.Length);
        var segmentStart = true;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '/' && keepSlashes)
            {
                escaped.Append('/');
                segmentStart = true;
                continue;
            }

            // A leading '.' would make a reserved (hidden) segment or a '..' segment.
            var keep = IsPlain(rune) && !(segmentStart && rune.Value == '.');
            if (keep)
            {
                escaped.Append((char)rune.Value);
            }
            else
            {
                AppendPercentEncoded(escaped, rune);
            }

            segmentStart = false;
        }

        return escaped.ToString();
    }

    private static bool IsPlain(Rune rune) =>
        rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '_' or '.' or '~');

    private static void AppendPercentEncoded(StringBuilder escaped, Rune rune)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var count = rune.EncodeToUtf8(utf8);
        foreach (var b in utf8[..count])
        {
            escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
