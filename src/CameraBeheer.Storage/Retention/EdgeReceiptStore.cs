using System.Globalization;

namespace CameraBeheer.Storage.Retention;

/// <summary>
/// The retention receipts the edge agents send (kind <c>edge</c>): what each agent's own four-week rule deleted from its
/// quarantine, upload spool and outbox journal. One blob per receipt, <c>retention/{site}/edge/{agent}/{id}.json</c>,
/// written only if absent, so a receipt delivered twice is kept once. Like the host's receipts they are kept: they hold
/// counts, sizes and times, nothing about a person.
/// </summary>
public sealed class EdgeReceiptStore(IBlobStore store)
{
    public const string Kind = "edge";

    public static string Prefix(string site) => $"retention/{site}/{Kind}/";

    public static string NameOf(string site, string agent, string id) => string.Create(CultureInfo.InvariantCulture, $"{Prefix(site)}{agent}/{id}.json");

    /// <summary>Stores the receipt as sent; false when one with its id was stored before.</summary>
    public async Task<bool> StoreOnceAsync(string site, string agent, string id, ReadOnlyMemory<byte> receiptJson, CancellationToken cancellationToken)
    {
        try
        {
            await store.PutAsync(NameOf(site, agent, id), receiptJson, BlobCondition.NotExists, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobConflictException)
        {
            return false;
        }
    }

    /// <summary>Every stored edge receipt of <paramref name="site"/>, each as the agent sent it, in name order (agent, then time).</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Json)>> ListAsync(string site, CancellationToken cancellationToken)
    {
        var found = new List<(string, byte[])>();
        await foreach (var item in store.ListAsync(Prefix(site), cancellationToken).ConfigureAwait(false))
        {
            if (await store.GetAsync(item.Name, cancellationToken).ConfigureAwait(false) is { } blob)
                found.Add((item.Name, blob.Content.ToArray()));
        }
        return found;
    }
}
