using CameraBeheer.Domain.Accounts;

namespace CameraBeheer.Abstractions;

/// <summary>Lets an <see cref="AccountException"/> thrown in the accounts grain reach its caller as itself.</summary>
[RegisterConverter]
public sealed class AccountExceptionConverter : IConverter<AccountException, AccountExceptionSurrogate>
{
    public AccountException ConvertFromSurrogate(in AccountExceptionSurrogate surrogate) => new(surrogate.Kind, surrogate.Message, surrogate.Field);

    public AccountExceptionSurrogate ConvertToSurrogate(in AccountException value) => new(value.Kind, value.Message, value.Field);
}

/// <summary>The parts of an <see cref="AccountException"/> that travel between silo and client.</summary>
[GenerateSerializer, Immutable]
public readonly record struct AccountExceptionSurrogate(
    [property: Id(0)] AccountErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field);
