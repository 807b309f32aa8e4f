using static CameraBeheer.Domain.Tests.WatchWindows.Instants;

namespace CameraBeheer.Domain.Tests.Retention;

/// <summary>A valid hold with every field settable, so that each test changes only what it is about.</summary>
internal static class Holds
{
    public static readonly DateTimeOffset PlacedAt = Utc(2026, 5, 4, 9, 0);

    /// <summary>Cam-01 from 14:10 to 14:20 UTC on 1 May 2026, placed 4 May 09:00, expiring 30 days later.</summary>
    public static LegalHold Place(
        IEnumerable<string>? cameras = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        LegalHoldKind kind = LegalHoldKind.PreservationOrder,
        string reason = "Mishandeling bij de poort, aangifte gedaan",
        string reference = "PL0900-2026123456",
        string placedBy = "J. de Vries",
        DateTimeOffset? placedAt = null,
        DateTimeOffset? expires = null,
        string site = "domus-almere-poort")
    {
        var placed = placedAt ?? PlacedAt;
        return LegalHold.Place(
            site,
            cameras ?? ["cam-01"],
            from ?? Utc(2026, 5, 1, 14, 10),
            to ?? Utc(2026, 5, 1, 14, 20),
            kind,
            reason,
            reference,
            placedBy,
            placed,
            expires ?? placed.AddDays(30));
    }

    /// <summary>The 10-second segments of one hour, as the recorder writes them.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Segments(DateTimeOffset hourStart) =>
        Enumerable.Range(0, 360).Select(i => (hourStart.AddSeconds(10 * i), hourStart.AddSeconds(10 * (i + 1))));
}
