using System.Globalization;
using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Audit;

namespace CameraBeheer.Host.Grpc;

/// <summary>Checks the hash chain of the audit log, for the manager who answers for privacy.</summary>
[Authorize(Roles = $"{Manager},{Admin}")]
public sealed class AuditService(SiteConfiguration site, IGrainFactory grains, CallerAudit audit) : Audit.AuditBase
{
    public override async Task<VerifyAuditReply> Verify(VerifyAuditRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        DateOnly? day = string.IsNullOrEmpty(request.Day) ? null : Day(request.Day);
        var check = await grains.GetGrain<IAuditGrain>(siteId).VerifyAsync(day);
        await audit.RecordAsync(context, $"{siteId}/audit/{request.Day}", check.Intact ? "intact" : "broken");
        return new VerifyAuditReply
        {
            Intact = check.Intact,
            DaysChecked = check.DaysChecked,
            EntriesChecked = check.EntriesChecked,
            BrokenFile = check.BrokenFile ?? "",
            BrokenLine = check.BrokenLine,
            Problem = check.Problem ?? "",
        };
    }

    /// <summary>The most entries one reply carries: a busy day stays well inside a gRPC message.</summary>
    public const int MaxEntries = 5000;

    public override async Task<AuditDayReply> Day(AuditDayRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        if (string.IsNullOrEmpty(request.Day)) throw RequestChecks.Invalid("day", "is required (yyyy-MM-dd, a UTC day)");
        var day = Day(request.Day);
        if (request.MaxEntries is < 0 or > MaxEntries) throw RequestChecks.Invalid("max_entries", $"must be between 0 (1000) and {MaxEntries}");
        var max = request.MaxEntries == 0 ? 1000 : request.MaxEntries;
        // Who read the log is itself in the log, before anything is shown.
        await audit.RecordAsync(context, $"{siteId}/audit/{request.Day}", "ok");
        var lines = await grains.GetGrain<IAuditGrain>(siteId).ReadDayAsync(day);
        var reply = new AuditDayReply { Day = request.Day, Total = lines.Count };
        reply.Entries.AddRange(lines.Skip(Math.Max(0, lines.Count - max)).Select(Entry));
        return reply;
    }

    private static Contracts.V1.AuditEntry Entry(string line)
    {
        try
        {
            var e = AuditChain.Parse(line);
            return new Contracts.V1.AuditEntry
            {
                Time = Timestamps.Stamp(e.Time), Caller = e.Caller, Role = e.Role, Method = e.Method, Target = e.Target,
                Outcome = e.Outcome, Reason = e.Reason ?? "", Sequence = e.Sequence,
            };
        }
        catch (FormatException)
        {
            // A damaged line is shown as such; Verify names what is wrong with it.
            return new Contracts.V1.AuditEntry { Unreadable = Printable.Excerpt(line, 200) };
        }
    }

    private static DateOnly Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : throw RequestChecks.Invalid("day", $"'{Printable.Excerpt(text, 20)}' is not a date of the form yyyy-MM-dd");
}
