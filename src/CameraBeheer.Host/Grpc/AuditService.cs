using System.Globalization;
using CameraBeheer.Abstractions;
using CameraBeheer.Contracts.V1;
using CameraBeheer.Domain.Sites;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using static CameraBeheer.Contracts.Auth.TokenContract.Roles;

namespace CameraBeheer.Host.Grpc;

/// <summary>Checks the hash chain of the audit log, for the manager who answers for privacy.</summary>
[Authorize(Roles = $"{Manager},{Admin}")]
public sealed class AuditService(SiteConfiguration site, IGrainFactory grains, CallerAudit audit) : Audit.AuditBase
{
    public override async Task<VerifyAuditReply> Verify(VerifyAuditRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        DateOnly? day = null;
        if (!string.IsNullOrEmpty(request.Day))
        {
            if (!DateOnly.TryParseExact(request.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                throw RequestChecks.Invalid("day", $"'{Domain.Printable.Excerpt(request.Day, 20)}' is not a date of the form yyyy-MM-dd");
            day = parsed;
        }
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
}
