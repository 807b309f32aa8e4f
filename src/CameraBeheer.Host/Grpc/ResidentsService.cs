using CameraBeheer.Contracts.Text;
using CameraBeheer.Contracts.V1;

namespace CameraBeheer.Host.Grpc;

/// <summary>The residents register of the desk; every change is in the audit log.</summary>
public sealed class ResidentsService(SiteConfiguration site, IGrainFactory grains, DeskCalls calls) : Contracts.V1.Residents.ResidentsBase
{
    [Authorize(Roles = $"{Manager},{Admin}")]
    public override async Task<ResidentInfo> Add(AddResidentRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var resident = await calls.ChangeAsync(context, $"{siteId}/residents", null,
            () => grains.GetGrain<IResidentsGrain>(siteId).AddAsync(request.Name, request.Room, by), r => $"{siteId}/residents/{r.Id}");
        return Describe(resident, null);
    }

    [Authorize(Roles = $"{Manager},{Admin}")]
    public override async Task<ResidentInfo> Remove(RemoveResidentRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var by = CallerAudit.Caller(context).Name;
        var resident = await calls.ChangeAsync(context, $"{siteId}/residents/{Target(request.Id)}", request.Reason,
            () => grains.GetGrain<IResidentsGrain>(siteId).RemoveAsync(request.Id, by));
        return Describe(resident, null);
    }

    [Authorize(Roles = $"{Staff},{Operator},{Manager},{Admin}")]
    public override async Task<ListResidentsReply> List(ListResidentsRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var residents = await grains.GetGrain<IResidentsGrain>(siteId).ListAsync(request.IncludeRemoved);
        var away = (await grains.GetGrain<ITimeOutGrain>(siteId).ListAsync(includeEnded: false)).ToDictionary(t => t.Resident, t => t.Id, StringComparer.Ordinal);
        var reply = new ListResidentsReply();
        reply.Residents.AddRange(residents.Select(r => Describe(r, away.GetValueOrDefault(r.Id))));
        return reply;
    }

    /// <summary>An id as it may appear in an audit target: a malformed one is shortened and cleaned, the grain refuses it.</summary>
    internal static string Target(string id) => Printable.Excerpt(id, 20);

    private static ResidentInfo Describe(ResidentRecord r, string? timeOut) => new()
    {
        Id = r.Id,
        Name = r.Name,
        Room = r.Room ?? "",
        AddedAt = Timestamps.Stamp(r.AddedAt),
        AddedBy = r.AddedBy,
        RemovedAt = Timestamps.Stamp(r.RemovedAt),
        RemovedBy = r.RemovedBy ?? "",
        OnTimeOut = timeOut ?? "",
    };
}
