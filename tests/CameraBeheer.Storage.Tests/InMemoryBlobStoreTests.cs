namespace CameraBeheer.Storage.Tests;

/// <summary>What only the in-memory store does: call counters, its clock, content that stays as it was read. The
/// <see cref="IBlobStore"/> contract itself is in <see cref="InMemoryBlobStoreContractTests"/>.</summary>
public sealed class InMemoryBlobStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_operation_is_counted_apart_and_the_counters_can_be_reset()
    {
        var store = new InMemoryBlobStore();
        await store.PutAsync("state/x.json", Bytes("{}"), BlobCondition.None, Ct);
        await store.AppendAsync("events/s/c/h.jsonl", Bytes("one\n"), Ct);
        await store.AppendAsync("events/s/c/h.jsonl", Bytes("two\n"), Ct);
        await store.AppendAsync("events/s/c/h.jsonl", Bytes("three\n"), Ct);
        await store.GetAsync("state/x.json", Ct);
        await store.GetAsync("state/missing.json", Ct);
        await store.ListAsync("events/", Ct).ToListAsync(Ct);
        await store.ListPrefixesAsync("", Ct).ToListAsync(Ct);
        await store.ListPrefixesAsync("events/", Ct).ToListAsync(Ct);
        await store.DeleteAsync("state/x.json", cancellationToken: Ct);

        Assert.Equal(
            (Gets: 2L, Puts: 1L, Appends: 3L, Lists: 1L, ListPrefixes: 2L, Deletes: 1L),
            (store.Gets, store.Puts, store.Appends, store.Lists, store.ListPrefixes, store.Deletes));
        Assert.Equal(1, store.Count);

        store.ResetCounters();

        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L), (store.Gets, store.Puts, store.Appends, store.Lists, store.ListPrefixes, store.Deletes));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Last_modified_comes_from_the_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var store = new InMemoryBlobStore(time);
        await store.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", Bytes("video"), BlobCondition.None, Ct);
        time.Advance(TimeSpan.FromMinutes(10));
        await store.AppendAsync("events/s/cam-01/h.jsonl", Bytes("one\n"), Ct);

        var listed = await store.ListAsync("", Ct).ToListAsync(Ct);

        Assert.Equal(
            [new DateTimeOffset(2026, 11, 22, 10, 10, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)],
            listed.Select(b => b.LastModified));
    }

    [Fact]
    public async Task Content_once_read_is_not_changed_by_later_writes_nor_by_the_writers_buffer()
    {
        var store = new InMemoryBlobStore();
        var buffer = Bytes("one\n");
        await store.PutAsync("events/h.jsonl", buffer, BlobCondition.None, Ct);
        buffer[0] = (byte)'X';
        var first = await store.GetAsync("events/h.jsonl", Ct);

        for (var i = 0; i < 100; i++)
        {
            await store.AppendAsync("events/h.jsonl", Bytes($"{i}\n"), Ct);
        }

        var second = await store.GetAsync("events/h.jsonl", Ct);
        await store.PutAsync("events/h.jsonl", Bytes("replaced\n"), BlobCondition.None, Ct);
        await store.AppendAsync("events/h.jsonl", Bytes("after\n"), Ct);

        Assert.Equal("one\n", Text(first!));
        Assert.Equal("one\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i}\n")), Text(second!));
        Assert.Equal("replaced\nafter\n", Text((await store.GetAsync("events/h.jsonl", Ct))!));
    }

    [Fact]
    public async Task Folders_appear_with_their_first_blob_and_go_with_their_last()
    {
        var store = new InMemoryBlobStore();
        await store.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", Bytes("video"), BlobCondition.None, Ct);
        await store.AppendAsync("footage/s/cam-01/2026/11/22/10/b.mp4", Bytes("video"), Ct);
        await store.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", Bytes("again"), BlobCondition.None, Ct);

        await store.DeleteAsync("footage/s/cam-01/2026/11/22/10/a.mp4", cancellationToken: Ct);
        Assert.Equal(["footage/s/cam-01/"], await store.ListPrefixesAsync("footage/s/", Ct).ToListAsync(Ct));
        await store.DeleteAsync("footage/s/cam-01/2026/11/22/10/b.mp4", cancellationToken: Ct);

        Assert.Empty(await store.ListPrefixesAsync("", Ct).ToListAsync(Ct));
        Assert.Empty(await store.ListPrefixesAsync("footage/s/cam-01/2026/11/22/", Ct).ToListAsync(Ct));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task Concurrent_writers_on_many_names_leave_a_consistent_listing()
    {
        var store = new InMemoryBlobStore();
        await Parallel.ForAsync(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (i, ct) =>
        {
            var name = $"footage/s/cam-{i % 5:D2}/2026/11/22/{i % 24:D2}/{i}.mp4";
            await store.PutAsync(name, Bytes("video"), BlobCondition.None, ct);
            if (i % 2 == 0)
            {
                Assert.True(await store.DeleteAsync(name, cancellationToken: ct));
            }
        });

        var listed = await store.ListAsync("footage/", Ct).Select(b => b.Name).ToListAsync(Ct);
        Assert.Equal(200, listed.Count);
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(
            listed.Select(n => n[..(n.IndexOf("/2026/", StringComparison.Ordinal) + 1)]).Distinct(),
            await store.ListPrefixesAsync("footage/s/", Ct).ToListAsync(Ct));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(BlobContent blob) => Encoding.UTF8.GetString(blob.Content.Span);
}
