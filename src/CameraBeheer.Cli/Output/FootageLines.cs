using System.Globalization;

namespace CameraBeheer.Cli.Output;

/// <summary>How a footage request is shown: a short summary after a change, the whole story for <c>footage status</c>.</summary>
internal static class FootageLines
{
    public static IEnumerable<string> Summary(Display display, FootageRequestInfo r)
    {
        yield return $"  state {Clean(r.State)}, case {Clean(r.CaseNumber)} ({Clean(r.Basis)}{(r.Urgent ? ", urgent oral demand" : "")}), cameras {Clean(string.Join(",", r.Cameras))}";
        yield return $"  window {display.Time(r.From)} to {display.Time(r.To)}";
        if (r.MissingPart.Length > 0) yield return $"  note: {Clean(r.MissingPart)}";
        if (r.HoldId.Length > 0) yield return $"  footage held by {Clean(r.HoldId)}";
        if (r.ReviewDeadline is not null) yield return $"  awaiting review by a manager until {display.Time(r.ReviewDeadline)}";
        if (r.Urgent && r.ConfirmedAt is null) yield return $"  written confirmation due by {display.Time(r.ConfirmationDue)}";
        if (r.FailureReason.Length > 0) yield return $"  export failed: {Clean(r.FailureReason)}";
    }

    public static IEnumerable<string> Detail(Display display, FootageRequestInfo r)
    {
        yield return $"request:      {Clean(r.Id)} ({Clean(r.State)})";
        yield return $"case:         {Clean(r.CaseNumber)}, {Clean(r.Basis)}{(r.Authorisation.Length > 0 ? $", authorisation {Clean(r.Authorisation)}" : "")}";
        if (r.Urgent)
            yield return $"urgent:       oral demand; written confirmation {(r.ConfirmedAt is null ? $"due by {display.Time(r.ConfirmationDue)}" : $"received {display.Time(r.ConfirmedAt)} ({Clean(r.ConfirmationReference)})")}";
        yield return $"requested by: {Clean(r.RequestedBy)} at {display.Time(r.RequestedAt)}";
        yield return $"reason:       {Clean(r.Reason)}";
        yield return $"cameras:      {Clean(string.Join(",", r.Cameras))}{(r.Zone.Length > 0 ? $" (zone {Clean(r.Zone)}: {Clean(string.Join(", ", r.ZoneFeeds))})" : "")}";
        yield return $"window:       {display.Time(r.From)} to {display.Time(r.To)}";
        if (r.MissingPart.Length > 0) yield return $"note:         {Clean(r.MissingPart)}";
        if (r.HoldId.Length > 0) yield return $"hold:         {Clean(r.HoldId)}{(r.OrderExpires is null ? "" : $", preservation order until {display.Time(r.OrderExpires)}")}";
        if (r.ReviewDeadline is not null) yield return $"review:       by a manager before {display.Time(r.ReviewDeadline)}";
        if (r.ReviewedBy.Length > 0) yield return $"reviewed by:  {Clean(r.ReviewedBy)}";
        foreach (var p in r.Progress)
            yield return $"exporting:    {Clean(p.Camera)} {p.SegmentsDone}/{p.SegmentsTotal} segments, {Bytes(p.BytesDone)}";
        if (r.FailureReason.Length > 0) yield return $"failure:      {Clean(r.FailureReason)}";
        if (r.ActualFrom is not null) yield return $"exported:     {display.Time(r.ActualFrom)} to {display.Time(r.ActualTo)} (cut at keyframes)";
        foreach (var f in r.Files)
            yield return $"file:         {Clean(f.Name)}  {Bytes(f.Bytes)}  sha256 {Clean(f.Sha256)}";
        foreach (var g in r.Gaps)
            yield return $"gap:          {Clean(g.Camera)} {display.Time(g.From)} to {display.Time(g.To)}: {Clean(g.Reason)}";
        if (r.ExportDeletedAt is not null) yield return $"export:       deleted {display.Time(r.ExportDeletedAt)} (receipt in the retention log)";
        else if (r.ExportExpires is not null) yield return $"export:       downloadable until {display.Time(r.ExportExpires)}";
        yield return "history:";
        foreach (var step in r.History)
            yield return $"  {display.Time(step.At)}  {Clean(step.State),-10}  {Clean(step.By)} ({Clean(step.Role)}): {Clean(step.Reason)}";
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0 'KiB'", CultureInfo.InvariantCulture),
        _ => (bytes / (1024.0 * 1024)).ToString("0.0 'MiB'", CultureInfo.InvariantCulture),
    };

    private static string Clean(string text) => Display.Clean(text);
}
