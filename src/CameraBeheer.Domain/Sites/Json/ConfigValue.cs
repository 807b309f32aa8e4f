using System.Globalization;
using System.Text.Json;

namespace CameraBeheer.Domain.Sites.Json;

/// <summary>A JSON value and the JSON path it was found at, so that every problem can name its place.</summary>
internal readonly record struct ConfigValue(JsonElement Element, string Path)
{
    public ConfigProblem Problem(string problem) => new(Path, problem);

    public ConfigObject AsObject(IReadOnlyList<string> allowedProperties) => ConfigObject.Open(this, allowedProperties);

    public IReadOnlyList<ConfigValue> AsArray()
    {
        Expect(JsonValueKind.Array, "a list");
        var path = Path;
        return Element.EnumerateArray().Select((item, i) => new ConfigValue(item, $"{path}[{i}]")).ToArray();
    }

    public IReadOnlyList<ConfigValue> AsNonEmptyArray(string what)
    {
        var items = AsArray();
        return items.Count > 0 ? items : throw Problem($"at least one {what} is required");
    }

    public string AsString()
    {
        Expect(JsonValueKind.String, "a string");
        var text = Element.GetString()!;
        return string.IsNullOrWhiteSpace(text) ? throw Problem("must not be empty") : text;
    }

    public string AsId(string what)
    {
        var id = AsString();
        return Ids.IsValid(id) ? id : throw Problem($"'{id}' is not a valid {what} id ({Ids.Rule}: {Ids.Pattern})");
    }

    public int AsInt32()
    {
        Expect(JsonValueKind.Number, "a whole number");
        return Element.TryGetInt32(out var number) ? number : throw Problem($"expected a whole number, found {Element.GetRawText()}");
    }

    public bool AsBoolean() =>
        Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Problem($"expected true or false, found {Describe(Element)}"),
        };

    /// <summary>A local time of day written "HH:mm", e.g. "08:00".</summary>
    public TimeOnly AsTimeOfDay()
    {
        var text = AsString();
        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw Problem($"'{text}' is not a time of day (HH:mm, 00:00 to 23:59)");
    }

    /// <summary>A calendar date written "yyyy-MM-dd", e.g. "2026-10-17".</summary>
    public DateOnly AsDate()
    {
        var text = AsString();
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Problem($"'{text}' is not a date (yyyy-MM-dd)");
    }

    /// <summary>One of a fixed set of words, e.g. a placement "interior" or "exterior".</summary>
    public T AsChoice<T>(string what, IReadOnlyDictionary<string, T> choices)
    {
        var text = AsString();
        return choices.TryGetValue(text, out var choice)
            ? choice
            : throw Problem($"unknown {what} '{text}' (allowed: {string.Join(", ", choices.Keys)})");
    }

    public static string Describe(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => $"the string \"{element.GetString()}\"",
            JsonValueKind.Null => "null",
            _ => element.GetRawText(),
        };

    private void Expect(JsonValueKind kind, string expected)
    {
        if (Element.ValueKind != kind)
            throw Problem($"expected {expected}, found {Describe(Element)}");
    }
}
