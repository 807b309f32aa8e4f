namespace CameraBeheer.Domain.Retention;

/// <summary>A legal hold that cannot be placed, renewed or released as asked; the message says which field and which rule, in words.</summary>
public sealed class LegalHoldException(string field, string message) : Exception(message)
{
    /// <summary>The field the problem is in (e.g. "expires", "cameras"), or "hold" when the hold's state forbids the action.</summary>
    public string Field { get; } = field;
}
