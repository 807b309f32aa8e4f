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

[RegisterConverter]
public sealed class FootageRequestConverter : IConverter<FootageRequest, DomainJson>
{
    public FootageRequest ConvertFromSurrogate(in DomainJson surrogate) => surrogate.To<FootageRequest>();

    public DomainJson ConvertToSurrogate(in FootageRequest value) => DomainJson.Of(value);
}

[RegisterConverter]
public sealed class FootageRequestSubmissionConverter : IConverter<FootageRequestSubmission, DomainJson>
{
    public FootageRequestSubmission ConvertFromSurrogate(in DomainJson surrogate) => surrogate.To<FootageRequestSubmission>();

    public DomainJson ConvertToSurrogate(in FootageRequestSubmission value) => DomainJson.Of(value);
}

[RegisterConverter]
public sealed class RequestActorConverter : IConverter<RequestActor, DomainJson>
{
    public RequestActor ConvertFromSurrogate(in DomainJson surrogate) => surrogate.To<RequestActor>();

    public DomainJson ConvertToSurrogate(in RequestActor value) => DomainJson.Of(value);
}

[RegisterConverter]
public sealed class ExportedFileConverter : IConverter<ExportedFile, DomainJson>
{
    public ExportedFile ConvertFromSurrogate(in DomainJson surrogate) => surrogate.To<ExportedFile>();

    public DomainJson ConvertToSurrogate(in ExportedFile value) => DomainJson.Of(value);
}

[RegisterConverter]
public sealed class FootageGapNoteConverter : IConverter<FootageGapNote, DomainJson>
{
    public FootageGapNote ConvertFromSurrogate(in DomainJson surrogate) => surrogate.To<FootageGapNote>();

    public DomainJson ConvertToSurrogate(in FootageGapNote value) => DomainJson.Of(value);
}

/// <summary>Lets a <see cref="FootageRequestException"/> reach the caller with its kind and field (see <see cref="AlertExceptionConverter"/>).</summary>
[RegisterConverter]
public sealed class FootageRequestExceptionConverter : IConverter<FootageRequestException, FootageRequestExceptionSurrogate>
{
    public FootageRequestException ConvertFromSurrogate(in FootageRequestExceptionSurrogate surrogate) => new(surrogate.Kind, surrogate.Message, surrogate.Field);

    public FootageRequestExceptionSurrogate ConvertToSurrogate(in FootageRequestException value) => new(value.Kind, value.Message, value.Field);
}

[GenerateSerializer, Immutable]
public readonly record struct FootageRequestExceptionSurrogate(
    [property: Id(0)] RequestErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field);
