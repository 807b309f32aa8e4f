namespace CameraBeheer.Storage.Tests;

/// <summary>What <see cref="CountingBlobStore"/> counts.</summary>
public sealed class CountingBlobStoreTests
{
    [Fact]
    public async Task Listing_folders_counts_as_a_list_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var inner = new InMemoryBlobStore();
        var counting = new CountingBlobStore(inner);
        await counting.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", "video"u8.ToArray(), BlobCondition.None, ct);

        Assert.Equal(["footage/s/"], await counting.ListPrefixesAsync("footage/", ct).ToListAsync(ct));
        await counting.ListAsync("footage/", ct).ToListAsync(ct);

        Assert.Equal(2, counting.ListRequests);
        Assert.Equal(1, counting.WriteRequests);
        Assert.Equal(1, inner.ListPrefixes);
    }

    [Fact]
    public async Task A_put_of_a_file_counts_as_one_write_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var counting = new CountingBlobStore(new InMemoryBlobStore());
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, "video"u8.ToArray(), ct);

            await counting.PutFileAsync("exports/fr-1/cam-01.mp4", file, BlobCondition.None, ct);

            Assert.Equal(1, counting.WriteRequests);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
