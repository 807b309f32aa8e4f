using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace CameraBeheer.Cli.Output;

/// <summary>Turns server replies into the lines the CLI prints; times in Amsterdam local time with offset, or UTC with --utc.</summary>
/// <remarks>Every string that came from the server or the user passes through <see cref="Clean"/>: output must not be able to drive the terminal.</remarks>
public sealed class Display(bool utc, TimeZoneInfo? zone = null)
{
    public const string Missing = "-";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The zone the facility lives in; the rules and the operators speak its local time.</summary>
    public static TimeZoneInfo Amsterdam { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private readonly TimeZoneInfo _zone = zone ?? Amsterdam;

    public bool Utc => utc;

    /// <summary><c>2026-11-22 11:00:02+01:00</c>, or <c>2026-11-22 10:00:02Z</c> with --utc; <c>-</c> when absent.</summary>
    public string Time(DateTimeOffset? time)
    {
        if (time is not { } value) return Missing;
        if (utc) return value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant);
        return TimeZoneInfo.ConvertTime(value, _zone).ToString("yyyy-MM-dd HH:mm:sszzz", Invariant);
    }

    /// <summary>A protobuf timestamp; an unset one, or the zero timestamp some servers send for "never", is shown as absent.</summary>
    public string Time(Timestamp? time) =>
        time is null || (time.Seconds == 0 && time.Nanos == 0) ? Missing : Time(time.ToDateTimeOffset());

    public static string ServerLine(string server, string health) => $"server:   {Clean(server)} ({health})";

    public static IEnumerable<string> SiteLines(SiteStatusReply site)
    {
        yield return $"site:     {Clean(site.Site)} ({Clean(site.SiteName)})";
        yield return $"cameras:  {site.Cameras} ({site.CamerasOnline} online)";
        yield return $"gates:    {site.Gates} ({site.GatesOnline} online)   zones: {site.Zones}   retention: {Count(site.RetentionDays, "day")}";
        // An older backend does not say; a cluster names the silo that answered, so an operator knows which node spoke.
        if (site.Silos > 0) yield return $"silos:    {site.Silos} ({site.SilosActive} active)" + (site.Silo.Length > 0 ? $"   answered by: {Clean(site.Silo)}" : "");
        if (site.Version.Length > 0) yield return $"version:  {Clean(site.Version)}";
    }

    public IEnumerable<string> CameraTable(ListCamerasReply reply)
    {
        yield return $"site: {Clean(reply.Site)} ({Clean(reply.SiteName)}), {Count(reply.Cameras.Count, "camera")}";
        if (reply.Cameras.Count == 0) yield break;
        string[] headers = ["CAMERA", "KIND", "PLACEMENT", "STATUS", "LAST SEEN", "LAST MOTION"];
        var rows = reply.Cameras
            .Select(c => (IReadOnlyList<string>)[Clean(c.Camera), Clean(c.Kind), Clean(c.Placement), Clean(c.Status), Time(c.LastSeen), Motion(c)])
            .ToList();
        foreach (var line in TextTable.Render(headers, rows)) yield return line;
    }

    public IEnumerable<string> CameraDetail(CameraInfo camera)
    {
        yield return $"camera:       {Clean(camera.Site)}/{Clean(camera.Camera)}";
        yield return $"name:         {Text(camera.Name)}";
        yield return $"location:     {Text(camera.Location)}";
        yield return $"placement:    {Text(camera.Placement)}";
        yield return $"kind:         {Text(camera.Kind)}";
        yield return $"status:       {Text(camera.Status)}";
        yield return $"last seen:    {Time(camera.LastSeen)}";
        yield return $"last motion:  {Motion(camera)}";
        yield return $"events:       {camera.EventsReceived.ToString(Invariant)} received";
        if (camera.Regions.Count == 0)
        {
            yield return "regions:      -";
            yield break;
        }
        yield return "regions:";
        var rows = camera.Regions
            .Select(r => (IReadOnlyList<string>)[Clean(r.Region), r.Active ? "yes" : "no", Time(r.LastMotion), r.LastScore.ToString("0.00", Invariant)])
            .ToList();
        foreach (var line in TextTable.Render(["REGION", "ACTIVE", "LAST MOTION", "SCORE"], rows)) yield return "  " + line;
    }

    /// <summary>One event per line, so the output can be grepped and piped.</summary>
    public string EventLine(CameraEvent e) => $"{Time(e.Ts)}  {Clean(e.Type),-7}  {Clean(e.Id)}  {Clean(e.Json)}";

    public static string AuditResult(VerifyAuditReply reply) => reply.Intact
        ? $"audit chain intact: {Count(reply.EntriesChecked, "entry", "entries")} in {Count(reply.DaysChecked, "day")}"
        : $"audit chain BROKEN in {Clean(reply.BrokenFile)} line {reply.BrokenLine.ToString(Invariant)}: {Clean(reply.Problem)}";

    /// <summary>
    /// Escapes control characters (line breaks, ANSI escapes) and text-direction marks as <c>\uXXXX</c>,
    /// so that what a server or a user supplied stays one honest line.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.Any(IsUnsafe)) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c)) builder.Append(Invariant, $"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private string Motion(CameraInfo camera)
    {
        var time = Time(camera.LastMotion);
        return time != Missing && camera.LastMotionRegion.Length > 0 ? $"{time} ({Clean(camera.LastMotionRegion)})" : time;
    }

    private static string Text(string value) => value.Length == 0 ? Missing : Clean(value);

    private static string Count(long n, string one, string? many = null) =>
        $"{n.ToString(Invariant)} {(n == 1 ? one : many ?? one + "s")}";

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is '\u200E' or '\u200F';
}
