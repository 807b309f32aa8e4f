using CameraBeheer.Contracts.Text;
using CameraBeheer.Domain.Retention;

namespace CameraBeheer.Domain.FootageRequests;

/// <summary>The free-text checks of a request (the same rules as a legal hold's) and how values are quoted in messages.</summary>
internal static class FootageRequestText
{
    public const int MaxReasonLength = LegalHold.MaxReasonLength;

    public static string Required(string? value, string field, int maxLength, string whatToGive)
    {
        try
        {
            return HoldText.Required(value, field, field, maxLength, whatToGive);
        }
        catch (LegalHoldException e)
        {
            throw new FootageRequestException(RequestErrorKind.InvalidArgument, $"{field}: {e.Message}", field);
        }
    }

    public static string Name(string? value, string field) => Required(value, field, HoldText.MaxNameLength, "the caller's token carries no name");

    /// <summary>A hostile or huge value quoted safely: at most 40 characters, control characters escaped.</summary>
    public static string Excerpt(string? value) => Printable.Excerpt(value ?? "", 40);

    public static string Instant(DateTimeOffset instant) => HoldText.Instant(instant);

    public static string Span(TimeSpan span) => HoldText.Span(span);
}
