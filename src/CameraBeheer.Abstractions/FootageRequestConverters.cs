using System.Text.Json;
using CameraBeheer.Domain.FootageRequests;

namespace CameraBeheer.Abstractions;

// The footage-request types live in the domain, which knows no Orleans. They travel between silo and client as their
// JSON (the same JSON the grain state is stored as), so no second copy of every field has to be kept in step by hand.

/// <summary>A domain value as the JSON it is stored as.</summary>
[GenerateSerializer, Immutable]
public readonly record struct DomainJson([property: Id(0)] string Json)
{
    public static DomainJson Of<T>(T value) => new(JsonSerializer.Serialize(value));

    public T To<T>() => JsonSerializer.Deserialize<T>(Json) ?? throw new InvalidOperationException($"no {typeof(T).Name} in '{Json}'");
}

/// <summary>Carries a domain value as its JSON; one registered subclass per type.</summary>
public abstract class DomainJsonConverter<T> : IConverter<T, DomainJson>
{
    public T ConvertFromSurrogate(in DomainJson surrogate) => surrogate.To<T>();

    public DomainJson ConvertToSurrogate(in T value) => DomainJson.Of(value);
}

[RegisterConverter]
public sealed class FootageRequestConverter : DomainJsonConverter<FootageRequest>;

[RegisterConverter]
public sealed class FootageRequestSubmissionConverter : DomainJsonConverter<FootageRequestSubmission>;

[RegisterConverter]
public sealed class RequestActorConverter : DomainJsonConverter<RequestActor>;

[RegisterConverter]
public sealed class ExportedFileConverter : DomainJsonConverter<ExportedFile>;

[RegisterConverter]
public sealed class FootageGapNoteConverter : DomainJsonConverter<FootageGapNote>;
