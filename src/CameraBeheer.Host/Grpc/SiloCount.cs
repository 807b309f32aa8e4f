namespace CameraBeheer.Host.Grpc;

/// <summary>How many silos the cluster has and how many are active, from the membership table as Orleans reports it.</summary>
public readonly record struct SiloCount(int Total, int Active)
{
    /// <summary>
    /// One per endpoint: a silo restarted on the same address leaves its dead earlier generation in the table, which is
    /// the same node, not a lost one. A node that is gone for good counts until Orleans cleans its entry away.
    /// </summary>
    public static SiloCount Of(IReadOnlyDictionary<SiloAddress, SiloStatus> hosts)
    {
        var byEndpoint = hosts
            .GroupBy(h => h.Key.Endpoint)
            .Select(g => g.Any(h => h.Value == SiloStatus.Active))
            .ToList();
        return new SiloCount(byEndpoint.Count, byEndpoint.Count(active => active));
    }
}
