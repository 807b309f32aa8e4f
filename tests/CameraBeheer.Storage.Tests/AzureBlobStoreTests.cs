using Azure.Storage.Blobs.Models;

namespace CameraBeheer.Storage.Tests;

/// <summary>What only the Azure store does: blob types, block splitting, its own container, its settings.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteProcess azurite) : IAsyncLifetime
{
    private readonly string _container = $"azure-{Guid.NewGuid():N}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() =>
        await new AzureBlobStore(Options()).Container.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);

    [Fact]
    public void Azurite_runs_from_its_own_folder_under_the_test_root()
    {
        // test.sh stops leftovers by this folder; the start-up time is shown for whoever tunes the suite.
        TestContext.Current.TestOutputHelper?.WriteLine($"Azurite started in {azurite.StartupTime.TotalMilliseconds:F0} ms on port {azurite.Port}");
        Assert.True(Directory.Exists(azurite.Location));
        var root = Environment.GetEnvironmentVariable("CAMERABEHEER_TEST_ROOT") is { Length: > 0 } r ? r : Path.GetTempPath();
        Assert.StartsWith(Path.GetFullPath(root), Path.GetFullPath(azurite.Location), StringComparison.Ordinal);
        Assert.InRange(azurite.StartupTime, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_container_is_created_on_first_write()
    {
        var store = new AzureBlobStore(Options());
        Assert.False(await store.Container.ExistsAsync(Ct));
        Assert.Null(await store.GetAsync("state/x.json", Ct));

        await store.PutAsync("state/x.json", Bytes("v1"), BlobCondition.NotExists, Ct);

        Assert.True(await store.Container.ExistsAsync(Ct));
        Assert.Equal(_container, store.ContainerName);
    }

    [Fact]
    public async Task Put_writes_block_blobs_and_append_writes_append_blobs()
    {
        var store = new AzureBlobStore(Options());
        await store.PutAsync("state/x.json", Bytes("{}"), BlobCondition.None, Ct);
        await store.AppendAsync("events/x.jsonl", Bytes("one\n"), Ct);

        Assert.Equal(BlobType.Block, (await store.Container.GetBlobClient("state/x.json").GetPropertiesAsync(cancellationToken: Ct)).Value.BlobType);
        Assert.Equal(BlobType.Append, (await store.Container.GetBlobClient("events/x.jsonl").GetPropertiesAsync(cancellationToken: Ct)).Value.BlobType);

        // Appending to what Put wrote rewrites it (it stays a block blob); a Put over an append blob makes it a block blob.
        await store.AppendAsync("state/x.json", Bytes("\n"), Ct);
        await store.PutAsync("events/x.jsonl", Bytes("replaced\n"), BlobCondition.None, Ct);
        Assert.Equal(BlobType.Block, (await store.Container.GetBlobClient("state/x.json").GetPropertiesAsync(cancellationToken: Ct)).Value.BlobType);
        Assert.Equal(BlobType.Block, (await store.Container.GetBlobClient("events/x.jsonl").GetPropertiesAsync(cancellationToken: Ct)).Value.BlobType);
        Assert.Equal("{}\n", Text((await store.GetAsync("state/x.json", Ct))!));
    }

    [Fact]
    public async Task An_append_larger_than_a_block_is_split_into_blocks_in_order()
    {
        var store = new AzureBlobStore(Options(maxAppendBlockBytes: 1000));
        var text = string.Concat(Enumerable.Range(0, 700).Select(i => $"{i:D5}\n")); // 4200 bytes: five blocks

        await store.AppendAsync("events/x.jsonl", Bytes("head\n"), Ct);
        var etag = await store.AppendAsync("events/x.jsonl", Bytes(text), Ct);

        var blob = await store.GetAsync("events/x.jsonl", Ct);
        Assert.Equal("head\n" + text, Text(blob!));
        Assert.Equal(etag, blob!.ETag);
        var properties = (await store.Container.GetBlobClient("events/x.jsonl").GetPropertiesAsync(cancellationToken: Ct)).Value;
        Assert.Equal(6, properties.BlobCommittedBlockCount);
    }

    [Fact]
    public async Task Concurrent_split_appends_land_whole_or_report_the_tear()
    {
        // 60-byte records in 16-byte blocks: four blocks each, so writers can slip between each other's blocks.
        var store = new AzureBlobStore(Options(maxAppendBlockBytes: 16));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var landed = new List<string>();
            var torn = 0;
            for (var i = 0; i < 5; i++)
            {
                var record = $"<{w}-{i}-{new string((char)('a' + w), 52)}>\n";
                try
                {
                    await store.AppendAsync("events/x.jsonl", Bytes(record), Ct);
                    landed.Add(record);
                }
                catch (IOException e)
                {
                    Assert.Contains("torn record", e.Message, StringComparison.Ordinal);
                    torn++;
                }
            }

            return (landed, torn);
        }, Ct)));

        var content = Text((await store.GetAsync("events/x.jsonl", Ct))!);
        Assert.All(outcomes.SelectMany(o => o.landed), record => Assert.Contains(record, content, StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine($"{outcomes.Sum(o => o.torn)} of 20 split appends reported a tear");
    }

    [Fact]
    public async Task ETags_are_quoted_as_in_http_headers_and_go_back_into_if_match()
    {
        var store = new AzureBlobStore(Options());
        var etag = await store.PutAsync("state/x.json", Bytes("v1"), BlobCondition.None, Ct);

        Assert.StartsWith("\"", etag, StringComparison.Ordinal);
        Assert.EndsWith("\"", etag, StringComparison.Ordinal);
        var listed = await store.ListAsync("state/", Ct).SingleAsync(Ct);
        Assert.Equal(etag, listed.ETag);
        await store.PutAsync("state/x.json", Bytes("v2"), BlobCondition.Matches(listed.ETag), Ct);
    }

    [Theory]
    [InlineData("", "camerabeheer", "connection string")]
    [InlineData("UseDevelopmentStorage=true", "ab", "3 to 63")]
    [InlineData("UseDevelopmentStorage=true", "Camera", "lower-case")]
    [InlineData("UseDevelopmentStorage=true", "camera--beheer", "twice in a row")]
    [InlineData("not a connection string", "camerabeheer", "connection string is not valid")]
    public void Bad_settings_are_refused_with_the_problem_named(string connectionString, string container, string expected)
    {
        var error = Assert.Throws<ArgumentException>(
            () => new AzureBlobStore(new AzureBlobStoreOptions { ConnectionString = connectionString, Container = container }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private AzureBlobStoreOptions Options(int maxAppendBlockBytes = AzureBlobStoreOptions.AppendBlockLimit) =>
        new() { ConnectionString = azurite.ConnectionString, Container = _container, MaxAppendBlockBytes = maxAppendBlockBytes };

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(BlobContent blob) => Encoding.UTF8.GetString(blob.Content.Span);
}
