namespace CameraBeheer.Host.Hosting;

/// <summary>
/// Which dead silos' broker sessions this silo should hold, from one view of the cluster's membership: a silo name is
/// dead when it has a Dead entry and no live one (a restarted silo comes back under a new address with the same name);
/// the adopter is the oldest active silo (lowest generation, then address), so every silo that sees the same view
/// chooses the same one and the others hold nothing.
/// </summary>
public static class DeadSiloAdoption
{
    public static IReadOnlySet<string> SessionsToHold(IEnumerable<ClusterMember> members, SiloAddress self)
    {
        var all = members.Where(m => !string.IsNullOrEmpty(m.Name)).ToList();
        var adopter = all.Where(m => m.Status == SiloStatus.Active)
            .OrderBy(m => m.SiloAddress.Generation).ThenBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal)
            .FirstOrDefault();
        if (adopter is null || !adopter.SiloAddress.Equals(self)) return new HashSet<string>();
        var alive = all.Where(m => m.Status != SiloStatus.Dead && m.Status != SiloStatus.None).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        return all.Where(m => m.Status == SiloStatus.Dead && !alive.Contains(m.Name)).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
    }
}
