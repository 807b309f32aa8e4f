namespace CameraBeheer.Domain.Retention;

/// <summary>Why footage is kept beyond the retention period.</summary>
/// <remarks>Numbered from 1 so that an unset value (0) is caught by validation rather than read as a kind.</remarks>
public enum LegalHoldKind
{
    /// <summary>
    /// Kept while a police request for the footage (art. 126nd or 126nf Sv) is decided and delivered.
    /// The law sets no maximum, so the hold lasts at most a year and must then be renewed deliberately.
    /// </summary>
    PoliceRequest = 1,

    /// <summary>A preservation order (<i>bevel tot bewaren</i>, art. 126ni Sv): data frozen for at most 90 days, without an export.</summary>
    PreservationOrder = 2,
}
