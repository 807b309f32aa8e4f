namespace CameraBeheer.Domain.Sites.Json;

/// <summary>Remembers where each id of one kind was first declared, to name both places when one repeats.</summary>
internal sealed class UniqueIds(string what)
{
    private readonly Dictionary<string, string> _firstSeenAt = new(StringComparer.Ordinal);

    public void Add(string id, ConfigValue at)
    {
        if (!_firstSeenAt.TryAdd(id, at.Path))
            throw at.Problem($"duplicate {what} id '{id}' (first declared at {_firstSeenAt[id]})");
    }
}
