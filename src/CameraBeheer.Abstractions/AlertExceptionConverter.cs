using CameraBeheer.Domain.Alerts;

namespace CameraBeheer.Abstractions;

/// <summary>
/// Lets an <see cref="AlertException"/> thrown in the control room grain reach its caller as itself, with its kind and
/// field: Orleans only carries exceptions of its own and the framework's namespaces, and the domain knows no Orleans.
/// </summary>
[RegisterConverter]
public sealed class AlertExceptionConverter : IConverter<AlertException, AlertExceptionSurrogate>
{
    public AlertException ConvertFromSurrogate(in AlertExceptionSurrogate surrogate) => new(surrogate.Kind, surrogate.Message, surrogate.Field);

    public AlertExceptionSurrogate ConvertToSurrogate(in AlertException value) => new(value.Kind, value.Message, value.Field);
}

/// <summary>The parts of an <see cref="AlertException"/> that travel between silo and client.</summary>
[GenerateSerializer, Immutable]
public readonly record struct AlertExceptionSurrogate(
    [property: Id(0)] AlertErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field);
