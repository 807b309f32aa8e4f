using CameraBeheer.Contracts.V1;
using CameraBeheer.Grains;

namespace CameraBeheer.Host.Grpc;

/// <summary>The evacuation list: who should be on site now, in one call. Reading it is in the audit log (it names people).</summary>
[Authorize(Roles = $"{Staff},{Manager},{Operator}")]
public sealed class EvacuationService(SiteConfiguration site, IGrainFactory grains, CallerAudit audit, TimeProvider time) : Contracts.V1.Evacuation.EvacuationBase
{
    public override async Task<EvacuationReply> List(EvacuationRequest request, ServerCallContext context)
    {
        var siteId = RequestChecks.Site(site, request.Site);
        var list = await EvacuationList.BuildAsync(grains, siteId, time);
        await audit.RecordAsync(context, $"{siteId}/evacuation", $"ok: {list.Residents.Length} residents, {list.Guests.Length} guests");
        var reply = new EvacuationReply { At = Timestamps.Stamp(list.At), TotalOnSite = list.Residents.Length + list.Guests.Length };
        reply.Residents.AddRange(list.Residents.Select(r => new EvacuationResident { Id = r.Id, Name = r.Name, Room = r.Room ?? "" }));
        reply.Guests.AddRange(list.Guests.Select(v => new EvacuationGuest
        {
            Visit = v.Id, GuestName = v.GuestName, Visiting = v.Visiting, ResidentName = v.ResidentName, CheckedInAt = Timestamps.Stamp(v.CheckedInAt),
        }));
        reply.Away.AddRange(list.Away.Select(t => new EvacuationAway { Resident = t.Resident, Name = t.ResidentName, TimeOut = t.Id, ExpectedReturn = Timestamps.Stamp(t.ExpectedReturn) }));
        return reply;
    }
}
