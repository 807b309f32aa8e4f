using CameraBeheer.Domain;
using CameraBeheer.Domain.Accounts;
using CameraBeheer.Domain.Alerts;
using CameraBeheer.Domain.Desk;
using CameraBeheer.Domain.FootageRequests;

namespace CameraBeheer.Abstractions;

// Orleans only carries exceptions of its own and the framework's namespaces, and the domain knows no Orleans: without a
// converter a refusal thrown in a grain would reach its caller as a bare exception, without its kind and field.

/// <summary>Lets a domain refusal thrown in a grain reach its caller as itself, with its kind and field; one registered subclass per refusal.</summary>
public abstract class RefusalConverter<TRefusal, TKind> : IConverter<TRefusal, RefusalSurrogate<TKind>>
    where TRefusal : Exception, IRefusal<TRefusal, TKind>
    where TKind : struct, Enum
{
    public TRefusal ConvertFromSurrogate(in RefusalSurrogate<TKind> surrogate) => TRefusal.Create(surrogate.Kind, surrogate.Message, surrogate.Field);

    public RefusalSurrogate<TKind> ConvertToSurrogate(in TRefusal value) => new(value.Kind, value.Message, value.Field);
}

/// <summary>The parts of a refusal that travel between silo and client.</summary>
[GenerateSerializer, Immutable]
public readonly record struct RefusalSurrogate<TKind>(
    [property: Id(0)] TKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field);

/// <summary>An <see cref="AccountException"/> from the accounts grain.</summary>
[RegisterConverter]
public sealed class AccountExceptionConverter : RefusalConverter<AccountException, AccountErrorKind>;

/// <summary>An <see cref="AlertException"/> from the control room grain.</summary>
[RegisterConverter]
public sealed class AlertExceptionConverter : RefusalConverter<AlertException, AlertErrorKind>;

/// <summary>A <see cref="DeskException"/> from a desk grain.</summary>
[RegisterConverter]
public sealed class DeskExceptionConverter : RefusalConverter<DeskException, DeskErrorKind>;

/// <summary>A <see cref="FootageRequestException"/> from a footage request grain.</summary>
[RegisterConverter]
public sealed class FootageRequestExceptionConverter : RefusalConverter<FootageRequestException, RequestErrorKind>;
