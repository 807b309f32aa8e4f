using Orleans.Configuration;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// How fast a silo that stopped answering is declared dead. Orleans' defaults (probe timeout 5 s, 3 missed probes,
/// table refresh 60 s) can take well over a minute on a loaded machine; a lost silo's cameras and alerts wait that long.
/// </summary>
/// <remarks>
/// A killed process refuses connections, so its probes fail at once rather than time out: 3 missed probes of 2 s and
/// the two votes of the survivors declare it dead in about 6–10 s, well within 20 s even on 2 loaded cores. A silo that
/// is merely slow is not lost by this: Orleans stretches its own probe timeouts while its local health is degraded, and
/// 3 probes in a row must fail. The table is re-read every 10 s so the others learn the news without waiting a minute.
/// </remarks>
public static class MembershipTiming
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    public const int MissedProbesLimit = 3;
    public const int VotesForDeath = 2;
    public static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DeathVoteExpiration = TimeSpan.FromSeconds(60);

    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeath;
        options.TableRefreshTimeout = TableRefresh;
        options.DeathVoteExpirationTimeout = DeathVoteExpiration;
    }
}
