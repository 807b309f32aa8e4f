namespace CameraBeheer.Storage;

/// <summary>Settings of <see cref="AzureBlobStore"/>. The same <c>Storage:ConnectionString</c> also serves the grains'
/// state (Orleans' Azure blob grain storage, wired in CameraBeheer.Grains), in a container of its own.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>The container used when none is configured.</summary>
    public const string DefaultContainer = "camerabeheer";

    /// <summary>The largest block Append Block accepts on every service version (newer versions allow 100 MiB).</summary>
    public const int AppendBlockLimit = 4 * 1024 * 1024;

    /// <summary>An Azure Storage connection string (for Azurite: the well-known development account).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The blob container; created on first use when missing.</summary>
    public string Container { get; set; } = DefaultContainer;

    /// <summary>How many bytes one Append Block carries at most; tests lower it to exercise split appends cheaply.</summary>
    internal int MaxAppendBlockBytes { get; set; } = AppendBlockLimit;

    /// <summary>Throws an <see cref="ArgumentException"/> saying what is wrong, without echoing the connection string
    /// (it holds the account key).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("the Azure blob store needs a connection string (AzureBlobStoreOptions.ConnectionString)");
        }

        if (ContainerNameProblem(Container) is { } problem)
        {
            throw new ArgumentException($"'{Container}' is not a valid blob container name: {problem}");
        }

        if (MaxAppendBlockBytes is < 1 or > AppendBlockLimit)
        {
            throw new ArgumentException($"MaxAppendBlockBytes must be between 1 and {AppendBlockLimit}");
        }
    }

    /// <summary>Azure's container naming rules: 3–63 characters of lower-case letters, digits and single hyphens,
    /// starting and ending with a letter or digit.</summary>
    public static string? ContainerNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name.Length is < 3 or > 63)
        {
            return $"it is {name.Length} characters long; 3 to 63 are allowed";
        }

        if (name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            return "only lower-case letters, digits and '-' are allowed";
        }

        if (name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return "'-' may not start or end it, nor appear twice in a row";
        }

        return null;
    }
}
