namespace CameraBeheer.Storage;

/// <summary>The rules every blob name obeys, so that a name can never address a file outside the store's root.</summary>
public static class BlobNames
{
    /// <summary>Longest accepted name, in UTF-16 code units (Azure allows 1024 characters).</summary>
    public const int MaxLength = 1024;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the problem when <paramref name="name"/> is not a valid blob name.</summary>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("blob name is empty", nameof(name));
        }

        ValidateCharacters(name, "blob name");
        foreach (var segment in name.Split('/'))
        {
            ValidateSegment(name, segment);
        }
    }

    /// <summary>
    /// Throws when <paramref name="prefix"/> could not start a valid blob name. Empty is allowed (everything); so is a
    /// prefix ending in '/' or in the middle of a segment.
    /// </summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return;
        }

        ValidateCharacters(prefix, "blob prefix");
        var segments = prefix.Split('/');
        // The last segment may be empty ("events/") or partial ("events/site/cam-0"); the others must be whole.
        for (var i = 0; i < segments.Length - 1; i++)
        {
            ValidateSegment(prefix, segments[i]);
        }
    }

    /// <summary>
    /// Throws when <paramref name="prefix"/> is not a folder prefix: empty (the top) or whole segments each followed by
    /// '/' (<c>footage/site/</c>), as <see cref="IBlobStore.ListPrefixesAsync"/> requires.
    /// </summary>
    public static void ValidateFolderPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && prefix[^1] != '/')
        {
            throw new ArgumentException(
                $"folder prefix '{prefix}' must be empty or end with '/' (e.g. 'footage/site/'): folders are listed directly under a folder",
                nameof(prefix));
        }

        ValidatePrefix(prefix);
    }

    private static void ValidateCharacters(string name, string what)
    {
        if (name.Length > MaxLength)
        {
            throw new ArgumentException($"{what} is {name.Length} characters long; at most {MaxLength} are allowed", nameof(name));
        }

        if (name[0] == '/')
        {
            throw new ArgumentException($"{what} '{name}' is an absolute path; names are relative to the store", nameof(name));
        }

        foreach (var c in name)
        {
            if (c == '\\')
            {
                throw new ArgumentException($"{what} '{name}' contains a backslash; use '/' as separator", nameof(name));
            }

            if (char.IsControl(c))
            {
                throw new ArgumentException($"{what} contains control character U+{(int)c:X4}", nameof(name));
            }

            // A colon makes "c:x" a drive-relative path on Windows; no name in the layout needs one.
            if (c == ':')
            {
                throw new ArgumentException($"{what} '{name}' contains ':', which is not allowed", nameof(name));
            }
        }
    }

    private static void ValidateSegment(string name, string segment)
    {
        if (segment.Length == 0)
        {
            throw new ArgumentException($"blob name '{name}' has an empty segment ('//' or a trailing '/')", nameof(name));
        }

        if (segment is "." or "..")
        {
            throw new ArgumentException($"blob name '{name}' contains a '{segment}' segment", nameof(name));
        }

        // Dot-names are reserved for the store's own temporary and lock files, which must never be addressable.
        if (segment[0] == '.')
        {
            throw new ArgumentException(
                $"blob name '{name}' has segment '{segment}' starting with '.', which is reserved for the store's own files",
                nameof(name));
        }
    }
}
