using CameraBeheer.Domain.Desk;

namespace CameraBeheer.Abstractions;

/// <summary>Lets a <see cref="DeskException"/> thrown in a desk grain reach its caller as itself, with its kind and field.</summary>
[RegisterConverter]
public sealed class DeskExceptionConverter : IConverter<DeskException, DeskExceptionSurrogate>
{
    public DeskException ConvertFromSurrogate(in DeskExceptionSurrogate surrogate) => new(surrogate.Kind, surrogate.Message, surrogate.Field);

    public DeskExceptionSurrogate ConvertToSurrogate(in DeskException value) => new(value.Kind, value.Message, value.Field);
}

/// <summary>The parts of a <see cref="DeskException"/> that travel between silo and client.</summary>
[GenerateSerializer, Immutable]
public readonly record struct DeskExceptionSurrogate(
    [property: Id(0)] DeskErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field);
