namespace CameraBeheer.Domain.Audit;

/// <summary>What the audit writer remembers apart from the day file: how many entries it wrote and the hash of the last one.</summary>
/// <remarks>
/// The chain alone cannot show that entries were cut off the end of a file; comparing with a head kept
/// elsewhere (the audit grain's state) can. For an empty day, <see cref="LastHash"/> is the day's genesis hash.
/// </remarks>
public sealed record AuditHead(long Count, string LastHash)
{
    /// <summary>The head of a day before its first entry.</summary>
    public static AuditHead Start(string site, DateOnly day) => new(0, AuditChain.Genesis(site, day));

    /// <summary>The head after <paramref name="line"/> (as written, without newline) was appended.</summary>
    public AuditHead Advance(string line) => new(Count + 1, AuditChain.HashLine(line));
}
