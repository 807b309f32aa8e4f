using System.Globalization;

namespace CameraBeheer.Storage.Retention;

/// <summary>What footage the store holds, found by walking its folders (a few calls per camera), not from an index.</summary>
public sealed class FootageInventory(IBlobStore store)
{
    /// <summary>The cameras with footage in the store, also those no longer in the configuration.</summary>
    public async Task<IReadOnlyList<string>> CamerasAsync(string site, CancellationToken cancellationToken = default)
    {
        var cameras = new List<string>();
        await foreach (var folder in store.ListPrefixesAsync($"footage/{site}/", cancellationToken))
            cameras.Add(folder.TrimEnd('/')[(folder.TrimEnd('/').LastIndexOf('/') + 1)..]);
        return cameras;
    }

    /// <summary>The start of the oldest segment of a camera: down the first folder of every level, then its oldest object.</summary>
    public async Task<DateTimeOffset?> OldestSegmentAsync(string site, string camera, CancellationToken cancellationToken = default)
    {
        var folder = $"footage/{site}/{camera}/";
        for (var level = 0; level < 4; level++) // yyyy, MM, dd, HH
        {
            string? first = null;
            await foreach (var sub in store.ListPrefixesAsync(folder, cancellationToken)) { first = sub; break; }
            if (first is null) return null;
            folder = first;
        }
        DateTimeOffset? oldest = null;
        await foreach (var blob in store.ListAsync(folder, cancellationToken))
        {
            var file = blob.Name[(blob.Name.LastIndexOf('/') + 1)..];
            if (DateTime.TryParseExact(file.Split('.')[0], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
                && (oldest is null || start < oldest))
                oldest = new DateTimeOffset(start, TimeSpan.Zero);
        }
        return oldest;
    }
}
