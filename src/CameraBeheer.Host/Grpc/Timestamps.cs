using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Host.Grpc;

/// <summary>Protobuf timestamps to and from instants, for every service: a field a caller got wrong is named, never a crash.</summary>
public static class Timestamps
{
    public static Timestamp Stamp(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? Stamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    /// <summary>An optional field; the zero timestamp some clients send for "unset" counts as unset, and an out-of-range one is INVALID_ARGUMENT.</summary>
    public static DateTimeOffset? Optional(Timestamp? value, string field)
    {
        if (value is null || (value.Seconds == 0 && value.Nanos == 0)) return null;
        try
        {
            return value.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw RequestChecks.Invalid(field, "is not a valid timestamp (years 0001 to 9999, nanoseconds below one second)");
        }
    }

    public static DateTimeOffset Required(Timestamp? value, string field) =>
        Optional(value, field) ?? throw RequestChecks.Invalid(field, "is required");
}
