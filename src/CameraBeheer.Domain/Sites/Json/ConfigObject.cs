using System.Text.Json;

namespace CameraBeheer.Domain.Sites.Json;

/// <summary>A JSON object whose property names have been checked against the allowed ones, read property by property with paths.</summary>
internal sealed class ConfigObject
{
    private readonly Dictionary<string, JsonElement> _properties;

    private ConfigObject(string path, Dictionary<string, JsonElement> properties)
    {
        Path = path;
        _properties = properties;
    }

    public string Path { get; }

    /// <summary>Rejects a non-object, a property named twice, and any property not in <paramref name="allowed"/> (most often a typo).</summary>
    public static ConfigObject Open(ConfigValue value, IReadOnlyList<string> allowed)
    {
        if (value.Element.ValueKind != JsonValueKind.Object)
            throw value.Problem($"expected an object, found {ConfigValue.Describe(value.Element)}");

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.Element.EnumerateObject())
        {
            var path = ChildPath(value.Path, property.Name);
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                throw new ConfigProblem(path, $"unknown property '{property.Name}' (allowed: {string.Join(", ", allowed)})");
            if (!properties.TryAdd(property.Name, property.Value))
                throw new ConfigProblem(path, $"property '{property.Name}' appears more than once");
        }
        return new ConfigObject(value.Path, properties);
    }

    public ConfigValue Required(string name)
    {
        if (!_properties.TryGetValue(name, out var element))
            throw new ConfigProblem(ChildPath(Path, name), "required property is missing");
        var value = new ConfigValue(element, ChildPath(Path, name));
        return element.ValueKind == JsonValueKind.Null ? throw value.Problem("required property is null") : value;
    }

    /// <summary>The property's value, or null when it is absent or JSON null.</summary>
    public ConfigValue? Optional(string name) =>
        _properties.TryGetValue(name, out var element) && element.ValueKind != JsonValueKind.Null
            ? new ConfigValue(element, ChildPath(Path, name))
            : null;

    public string PathOf(string name) => ChildPath(Path, name);

    private static string ChildPath(string parent, string name) =>
        IsPlainName(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static bool IsPlainName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
