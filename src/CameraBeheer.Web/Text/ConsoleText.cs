using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Web.Text;

/// <summary>
/// The console's words and times: Dutch first, English when chosen; every time shown in Europe/Amsterdam, the time the
/// people at the facility live by (the system itself keeps UTC).
/// </summary>
/// <remarks>Each text is written in both languages where it is used: a page and its translation are read together.</remarks>
public sealed class ConsoleText(string language)
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public bool English { get; } = language == "en";

    public CultureInfo Culture => English ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("nl-NL");

    public string this[string dutch, string english] => English ? english : dutch;

    public static DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Amsterdam);

    /// <summary>A time typed in a form is the facility's local time.</summary>
    public static DateTimeOffset AtFacility(DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Amsterdam.GetUtcOffset(local));

    /// <summary>A time as a person at the facility reads it (<c>30-11-2026 10:02:11</c>); "—" for none.</summary>
    public string Time(Timestamp? time) => time is null ? "—" : Time(time.ToDateTimeOffset());

    public string Time(DateTimeOffset time) => Local(time).ToString("dd-MM-yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    public string Clock(Timestamp? time) => time is null ? "—" : Local(time.ToDateTimeOffset()).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Words for the API's values (priorities, states, outcomes); unknown ones are shown as they come.</summary>
    public string Word(string value) => English ? value : value switch
    {
        "critical" => "kritiek",
        "high" => "hoog",
        "medium" => "middel",
        "low" => "laag",
        "new" => "nieuw",
        "open" => "open",
        "acknowledged" => "bevestigd",
        "resolved" => "afgehandeld",
        "online" => "online",
        "offline" => "offline",
        "unknown" => "onbekend",
        "none" => "niets nodig",
        "staff" => "eigen personeel",
        "boa" => "boa",
        "street-coach" => "straatcoach",
        "police" => "politie",
        "fire" => "brandweer",
        "ambulance" => "ambulance",
        "submitted" => "ingediend",
        "approved" => "goedgekeurd",
        "rejected" => "afgewezen",
        "exporting" => "wordt geëxporteerd",
        "ready" => "klaar",
        "failed" => "mislukt",
        "cancelled" => "ingetrokken",
        "closed" => "gesloten",
        "active" => "actief",
        "released" => "beëindigd",
        "expired" => "verlopen",
        "disabled" => "uitgeschakeld",
        "locked" => "geblokkeerd",
        "revoked" => "ingetrokken",
        _ => value,
    };
}
