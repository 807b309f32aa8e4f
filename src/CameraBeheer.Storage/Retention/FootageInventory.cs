namespace CameraBeheer.Storage.Retention;

/// <summary>What footage the store holds, found by walking its folders (a few calls per camera), not from an index.</summary>
public sealed class FootageInventory(IBlobStore store)
{
    /// <summary>The cameras with footage in the store, also those no longer in the configuration.</summary>
    public async Task<IReadOnlyList<string>> CamerasAsync(string site, CancellationToken cancellationToken = default)
    {
        var cameras = new List<string>();
        await foreach (var folder in store.ListPrefixesAsync($"footage/{site}/", cancellationToken))
            cameras.Add(FootageLayout.LastSegment(folder));
        return cameras;
    }

    /// <summary>
    /// The start of the oldest segment of a camera: down the oldest dated folder of every level, then the oldest
    /// segment of the first hour that holds one. Folders and files outside the layout (<c>misc/</c>, <c>notes.txt</c>)
    /// are passed over, as the sweep passes them over, so they neither hide the footage nor pass for it.
    /// </summary>
    /// <remarks>A few calls per camera: each level's listing is read only as far as its first dated folder with footage.</remarks>
    public async Task<DateTimeOffset?> OldestSegmentAsync(string site, string camera, CancellationToken cancellationToken = default)
    {
        await foreach (var year in store.ListPrefixesAsync($"footage/{site}/{camera}/", cancellationToken))
        {
            if (!FootageLayout.TryYear(year, out var y)) continue;
            await foreach (var month in store.ListPrefixesAsync(year, cancellationToken))
            {
                if (!FootageLayout.TryMonth(month, out var m)) continue;
                await foreach (var day in store.ListPrefixesAsync(month, cancellationToken))
                {
                    if (!FootageLayout.TryDay(day, y, m, out _)) continue;
                    await foreach (var hour in store.ListPrefixesAsync(day, cancellationToken))
                    {
                        if (!FootageLayout.TryHour(hour, out _)) continue;
                        if (await OldestInFolderAsync(hour, cancellationToken) is { } oldest) return oldest;
                    }
                }
            }
        }
        return null;
    }

    private async Task<DateTimeOffset?> OldestInFolderAsync(string folder, CancellationToken cancellationToken)
    {
        DateTimeOffset? oldest = null;
        await foreach (var blob in store.ListAsync(folder, cancellationToken))
        {
            if (blob.Name.IndexOf('/', folder.Length) < 0 // this folder only
                && FootageLayout.TrySegmentStart(blob.Name, out var start)
                && (oldest is null || start < oldest))
                oldest = start;
        }
        return oldest;
    }
}
