namespace CameraBeheer.Storage.Tests;

/// <summary>
/// The <see cref="IBlobStore"/> contract, run against every store (<see cref="LocalDiskBlobStoreContractTests"/>,
/// <see cref="AzureBlobStoreContractTests"/>, <see cref="InMemoryBlobStoreContractTests"/>): what the grains, the event log and retention rely on, whatever is
/// underneath. Each test gets an empty store of its own.
/// </summary>
public abstract class BlobStoreContractTests : StorePerTest
{
    [Fact]
    public async Task Put_then_get_returns_the_content_and_the_same_etag()
    {
        var etag = await Store.PutAsync("state/camera/site/cam-01.json", Bytes("{\"a\":1}"), BlobCondition.None, Ct);

        var blob = await Store.GetAsync("state/camera/site/cam-01.json", Ct);

        Assert.NotNull(blob);
        Assert.Equal("{\"a\":1}", Text(blob));
        Assert.Equal(etag, blob.ETag);
    }

    [Fact]
    public async Task Get_of_a_missing_blob_or_a_folder_returns_null()
    {
        await Store.PutAsync("a/b/c", Bytes("x"), BlobCondition.None, Ct);

        Assert.Null(await Store.GetAsync("a/missing", Ct));
        Assert.Null(await Store.GetAsync("nowhere/missing", Ct));
        Assert.Null(await Store.GetAsync("a/b", Ct));
    }

    [Fact]
    public async Task Every_write_changes_the_etag_even_with_identical_content()
    {
        var etags = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            etags.Add(await Store.PutAsync("x.json", Bytes("same"), BlobCondition.None, Ct));
        }

        etags.Add(await Store.AppendAsync("x.json", Bytes("more"), Ct));
        etags.Add(await Store.PutAsync("x.json", Bytes("samemore"), BlobCondition.None, Ct));
        etags.Add(await Store.AppendAsync("log.jsonl", Bytes("one\n"), Ct));
        etags.Add(await Store.AppendAsync("log.jsonl", Bytes("one\n"), Ct));

        Assert.Equal(etags.Count, etags.Distinct().Count());
    }

    [Fact]
    public async Task An_empty_append_creates_a_missing_blob_and_leaves_an_existing_one_as_it_was()
    {
        var created = await Store.AppendAsync("events/site/cam-01/h.jsonl", ReadOnlyMemory<byte>.Empty, Ct);
        var blob = await Store.GetAsync("events/site/cam-01/h.jsonl", Ct);
        Assert.NotNull(blob);
        Assert.Equal(0, blob.Content.Length);
        Assert.Equal(created, blob.ETag);

        await Store.AppendAsync("events/site/cam-01/h.jsonl", Bytes("one\n"), Ct);
        var touched = await Store.AppendAsync("events/site/cam-01/h.jsonl", ReadOnlyMemory<byte>.Empty, Ct);

        var after = await Store.GetAsync("events/site/cam-01/h.jsonl", Ct);
        Assert.Equal("one\n", Text(after!));
        Assert.Equal(touched, after!.ETag);
    }

    [Fact]
    public async Task Get_list_put_and_append_agree_on_the_etag()
    {
        var appended = await Store.AppendAsync("events/site/cam-01/h.jsonl", Bytes("one\n"), Ct);
        Assert.Equal(appended, (await Store.GetAsync("events/site/cam-01/h.jsonl", Ct))!.ETag);
        Assert.Equal(appended, (await ListAll("events/")).Single().ETag);

        // If-Match works on an appended blob, and an append makes earlier ETags stale.
        var put = await Store.PutAsync("events/site/cam-01/h.jsonl", Bytes("replaced\n"), BlobCondition.Matches(appended), Ct);
        var appendedAgain = await Store.AppendAsync("events/site/cam-01/h.jsonl", Bytes("two\n"), Ct);
        await Assert.ThrowsAsync<BlobConflictException>(
            () => Store.PutAsync("events/site/cam-01/h.jsonl", Bytes("x"), BlobCondition.Matches(put), Ct));
        var listed = (await ListAll("events/")).Single();
        Assert.Equal(appendedAgain, listed.ETag);
        Assert.Equal("replaced\ntwo\n".Length, listed.Length);
        Assert.Equal("replaced\ntwo\n", Text((await Store.GetAsync("events/site/cam-01/h.jsonl", Ct))!));
    }

    [Fact]
    public async Task If_none_match_on_an_existing_blob_is_a_conflict()
    {
        var etag = await Store.PutAsync("state/x.json", Bytes("first"), BlobCondition.NotExists, Ct);

        var conflict = await Assert.ThrowsAsync<BlobConflictException>(
            () => Store.PutAsync("state/x.json", Bytes("second"), BlobCondition.NotExists, Ct));

        Assert.Equal("state/x.json", conflict.BlobName);
        Assert.Equal(etag, conflict.ActualETag);
        Assert.Contains("state/x.json", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("first", Text((await Store.GetAsync("state/x.json", Ct))!));
    }

    [Fact]
    public async Task If_match_with_a_stale_or_absent_etag_is_a_conflict()
    {
        var stale = await Store.PutAsync("state/x.json", Bytes("v1"), BlobCondition.None, Ct);
        var current = await Store.PutAsync("state/x.json", Bytes("v2"), BlobCondition.Matches(stale), Ct);

        var conflict = await Assert.ThrowsAsync<BlobConflictException>(
            () => Store.PutAsync("state/x.json", Bytes("v3"), BlobCondition.Matches(stale), Ct));
        Assert.Equal(stale, conflict.ExpectedETag);
        Assert.Equal(current, conflict.ActualETag);
        Assert.Contains(stale, conflict.Message, StringComparison.Ordinal);
        Assert.Contains(current, conflict.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<BlobConflictException>(
            () => Store.PutAsync("state/missing.json", Bytes("v1"), BlobCondition.Matches(stale), Ct));
        Assert.Null(missing.ActualETag);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync("state/missing.json", Ct));
        Assert.Equal("v2", Text((await Store.GetAsync("state/x.json", Ct))!));
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins()
    {
        await Parallel.ForAsync(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (round, ct) =>
        {
            var name = $"race/{round % 4}.json"; // several rounds share a name: also races across rounds
            var etag = await PutUntilAcceptedAsync(name, ct);

            var won = await PutFromTwoWritersAtOnceAsync(name, w => $"round {round} writer {w}", BlobCondition.Matches(etag), ct);

            Assert.True(won.Count(w => w is not null) <= 1, "two writers with the same ETag both succeeded");
        });

        // Rounds on their own name: no third party, so exactly one of the two must win.
        for (var round = 0; round < 30; round++)
        {
            var name = $"duel/{round}.json";
            var etag = await Store.PutAsync(name, Bytes("initial"), BlobCondition.None, Ct);

            var results = await PutFromTwoWritersAtOnceAsync(name, w => $"writer {w}", BlobCondition.Matches(etag), Ct);

            var winner = Assert.Single(results, r => r is not null);
            Assert.Equal(winner, Text((await Store.GetAsync(name, Ct))!));
        }
    }

    [Fact]
    public async Task Of_two_creators_with_if_none_match_exactly_one_wins()
    {
        for (var round = 0; round < 20; round++)
        {
            var name = $"create/{round}.json";

            var results = await PutFromTwoWritersAtOnceAsync(name, w => $"creator {w}", BlobCondition.NotExists, Ct);

            var winner = Assert.Single(results, r => r is not null);
            Assert.Equal(winner, Text((await Store.GetAsync(name, Ct))!));
        }
    }

    [Fact]
    public async Task Put_file_stores_the_whole_file_as_one_blob_with_its_etag()
    {
        // Larger than one Azure block and than the local store's copy buffers, with no repeating pattern.
        var content = new byte[(5 << 20) + 123];
        new Random(7).NextBytes(content);
        var file = await LocalFileAsync(content);
        try
        {
            var etag = await Store.PutFileAsync("exports/fr-1/cam-01.mp4", file, BlobCondition.NotExists, Ct);

            var blob = await Store.GetAsync("exports/fr-1/cam-01.mp4", Ct);
            Assert.NotNull(blob);
            Assert.Equal(etag, blob.ETag);
            Assert.True(blob.Content.Span.SequenceEqual(content));
            var listed = Assert.Single(await ListAll("exports/"));
            Assert.Equal(("exports/fr-1/cam-01.mp4", (long)content.Length, etag), (listed.Name, listed.Length, listed.ETag));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Put_file_honours_its_condition_and_a_refused_put_leaves_the_blob_as_it_was()
    {
        var first = await Store.PutAsync("exports/fr-1/manifest.json", Bytes("old"), BlobCondition.None, Ct);
        var file = await LocalFileAsync(Bytes("new"));
        try
        {
            await Assert.ThrowsAsync<BlobConflictException>(() => Store.PutFileAsync("exports/fr-1/manifest.json", file, BlobCondition.NotExists, Ct));
            await Assert.ThrowsAsync<BlobConflictException>(() => Store.PutFileAsync("exports/fr-1/manifest.json", file, BlobCondition.Matches(first + "-stale"), Ct));
            Assert.Equal("old", Text((await Store.GetAsync("exports/fr-1/manifest.json", Ct))!));

            var second = await Store.PutFileAsync("exports/fr-1/manifest.json", file, BlobCondition.Matches(first), Ct);

            var blob = await Store.GetAsync("exports/fr-1/manifest.json", Ct);
            Assert.Equal(("new", second), (Text(blob!), blob!.ETag));
            Assert.NotEqual(first, second);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Put_file_of_a_missing_file_is_refused_and_stores_nothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "camerabeheer-missing-" + Guid.NewGuid().ToString("N"), "cam-01.mp4");

        await Assert.ThrowsAnyAsync<IOException>(() => Store.PutFileAsync("exports/fr-1/cam-01.mp4", missing, BlobCondition.None, Ct));

        Assert.Empty(await ListAll("exports/"));
    }

    [Fact]
    public async Task Put_file_with_a_hostile_name_is_refused()
    {
        var file = await LocalFileAsync(Bytes("x"));
        try
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutFileAsync("../outside.mp4", file, BlobCondition.None, Ct));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Concurrent_appends_all_land_whole_and_in_one_piece()
    {
        const int writers = 8;
        const int linesEach = 25;
        var padding = new string('x', 3000); // larger than a pipe buffer, so interleaving would show
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < linesEach; i++)
            {
                await Store.AppendAsync("events/site/cam-01/2025/01/01/00.jsonl", Bytes($"{w:D2}-{i:D3} {padding}\n"), Ct);
            }
        }, Ct)));

        var lines = Text((await Store.GetAsync("events/site/cam-01/2025/01/01/00.jsonl", Ct))!).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(writers * linesEach, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^\d{2}-\d{3} x{3000}$", line));
        Assert.Equal(writers * linesEach, lines.Select(l => l[..6]).Distinct().Count());
    }

    [Fact]
    public async Task Appends_to_a_blob_written_by_put_keep_its_content_and_all_land()
    {
        await Store.PutAsync("audit/site/2025/01/01.jsonl", Bytes("header\n"), BlobCondition.None, Ct);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await Store.AppendAsync("audit/site/2025/01/01.jsonl", Bytes($"{w}-{i}\n"), Ct);
            }
        }, Ct)));

        var lines = Text((await Store.GetAsync("audit/site/2025/01/01.jsonl", Ct))!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("header", lines[0]);
        Assert.Equal(
            Enumerable.Range(0, 4).SelectMany(w => Enumerable.Range(0, 5).Select(i => $"{w}-{i}")).Order(StringComparer.Ordinal),
            lines.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_append_larger_than_one_azure_block_lands_whole_and_in_order()
    {
        // 4 MiB is the largest Append Block on every service version: this one needs three.
        var large = new byte[(9 * 1024 * 1024) + 123];
        for (var i = 0; i < large.Length; i++)
        {
            large[i] = (byte)('a' + (i % 26));
        }

        large[^1] = (byte)'\n';
        await Store.AppendAsync("exports/big.bin", Bytes("head\n"), Ct);

        var etag = await Store.AppendAsync("exports/big.bin", large, Ct);

        var blob = await Store.GetAsync("exports/big.bin", Ct);
        Assert.Equal(etag, blob!.ETag);
        Assert.Equal(5 + large.Length, blob.Content.Length);
        Assert.True(blob.Content.Span[..5].SequenceEqual("head\n"u8));
        Assert.True(blob.Content.Span[5..].SequenceEqual(large));
    }

    [Fact]
    public async Task List_by_prefix_walks_nested_names_in_ordinal_order()
    {
        string[] names =
        [
            "events/site/cam-01/2025/01/01/00.jsonl",
            "events/site/cam-01/2025/01/01/01.jsonl",
            "events/site/cam-01/2025/01/02/00.jsonl",
            "events/site/cam-02/2025/01/01/00.jsonl",
            "events/site/cam-1/x.jsonl",
            "events/site/cam-01-b/x.jsonl",
            "events/site/cam-0",
            "events/site/cam-0a",
            "events/site/cam-0~",
            "events/site/cam-0_x",
            "events/site/cam-0.x",
            "events/site/Cam-09/x",
            "events/site/cam%2F0/x",
            "events/site-2/cam-01/x.jsonl",
            "events/site0/x",
            "state/x.json",
        ];
        foreach (var name in names.Reverse())
        {
            await Store.PutAsync(name, Bytes(name), BlobCondition.None, Ct);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), (await ListAll("")).Select(b => b.Name));
        Assert.Equal(
            names.Where(n => n.StartsWith("events/site/cam-0", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            (await ListAll("events/site/cam-0")).Select(b => b.Name));
        Assert.Equal(
            ["events/site/cam-01/2025/01/01/00.jsonl", "events/site/cam-01/2025/01/01/01.jsonl"],
            (await ListAll("events/site/cam-01/2025/01/01/")).Select(b => b.Name));
        // '-' < '/' < '0': "site-2/…" sorts before "site/…", which sorts before "site0".
        Assert.Equal(
            names.Where(n => n.StartsWith("events/site", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            (await ListAll("events/site")).Select(b => b.Name));
        Assert.Empty(await ListAll("nothing/here/"));
        Assert.Empty(await ListAll("events/site/cam-9"));

        var one = (await ListAll("state/")).Single();
        Assert.Equal("state/x.json".Length, one.Length);
        Assert.Equal((await Store.GetAsync("state/x.json", Ct))!.ETag, one.ETag);
        Assert.InRange(one.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task List_prefixes_returns_the_folders_directly_under_a_prefix_in_ordinal_order()
    {
        string[] names =
        [
            "footage/s/cam-01/2026/11/22/10/x.mp4",
            "footage/s/cam-01/2026/11/22/10/y.mp4",
            "footage/s/cam-01/2026/11/22/11/x.mp4",
            "footage/s/cam-01/2026/11/23/00/x.mp4",
            "footage/s/cam-02/2026/11/22/10/x.mp4",
            "footage/s/cam-01-b/2026/11/22/10/x.mp4",
            "footage/s/Cam-09/2026/11/22/10/x.mp4",
            "footage/s/cam-0.x/y.mp4",
            "footage/s/manifest.json",
            "footage/s/cam-01.json",
            "footage/s-2/cam-01/2026/11/22/10/x.mp4",
            "state/x.json",
        ];
        foreach (var name in names.Reverse())
        {
            await Store.PutAsync(name, Bytes(name), BlobCondition.None, Ct);
        }

        // 'C' < 'c', '.' < '1', and '-' < '/': "cam-01-b/" sorts before "cam-01/". Blobs directly under are not folders.
        string[] cameras = ["footage/s/Cam-09/", "footage/s/cam-0.x/", "footage/s/cam-01-b/", "footage/s/cam-01/", "footage/s/cam-02/"];
        Assert.Equal(cameras, await PrefixesOf("footage/s/"));
        Assert.Equal(cameras.Order(StringComparer.Ordinal), cameras);
        Assert.Equal(["footage/", "state/"], await PrefixesOf(""));
        Assert.Equal(["footage/s-2/", "footage/s/"], await PrefixesOf("footage/"));
        Assert.Equal(["footage/s/cam-01/2026/11/22/", "footage/s/cam-01/2026/11/23/"], await PrefixesOf("footage/s/cam-01/2026/11/"));
        Assert.Equal(["footage/s/cam-01/2026/11/22/10/", "footage/s/cam-01/2026/11/22/11/"], await PrefixesOf("footage/s/cam-01/2026/11/22/"));
        Assert.Empty(await PrefixesOf("footage/s/cam-01/2026/11/22/10/"));
        Assert.Empty(await PrefixesOf("state/"));
    }

    [Fact]
    public async Task List_prefixes_of_a_missing_prefix_is_empty()
    {
        await Store.PutAsync("footage/s/cam-01/2026/11/22/10/x.mp4", Bytes("video"), BlobCondition.None, Ct);

        Assert.Empty(await PrefixesOf("footage/nowhere/"));
        Assert.Empty(await PrefixesOf("footage/s/cam-0/"));
        Assert.Empty(await PrefixesOf("footage/s/cam-01/2026/11/22/10/x.mp4/"));
        Assert.Empty(await PrefixesOf("events/"));
    }

    [Fact]
    public async Task A_folder_emptied_by_deletes_is_no_longer_listed()
    {
        await Store.PutAsync("footage/s/cam-01/2026/11/22/10/x.mp4", Bytes("video"), BlobCondition.None, Ct);
        await Store.PutAsync("footage/s/cam-02/2026/11/22/10/x.mp4", Bytes("video"), BlobCondition.None, Ct);
        await Store.PutAsync("footage/s/cam-02/2026/11/22/11/x.mp4", Bytes("video"), BlobCondition.None, Ct);

        await Store.DeleteAsync("footage/s/cam-02/2026/11/22/10/x.mp4", cancellationToken: Ct);
        Assert.Equal(["footage/s/cam-02/2026/11/22/11/"], await PrefixesOf("footage/s/cam-02/2026/11/22/"));
        await Store.DeleteAsync("footage/s/cam-02/2026/11/22/11/x.mp4", cancellationToken: Ct);

        Assert.Equal(["footage/s/cam-01/"], await PrefixesOf("footage/s/"));
        Assert.Empty(await PrefixesOf("footage/s/cam-02/"));
    }

    [Fact]
    public async Task Walking_the_folders_level_by_level_reaches_every_hour_and_lists_no_blobs()
    {
        string[] hours =
        [
            "footage/site-a/cam-01/2026/11/21/23/",
            "footage/site-a/cam-01/2026/11/22/00/",
            "footage/site-a/cam-02/2026/11/22/10/",
            "footage/site-b/cam-01/2026/12/01/07/",
        ];
        foreach (var hour in hours)
        {
            await Store.PutAsync(hour + "00-00.mp4", Bytes("video"), BlobCondition.None, Ct);
            await Store.PutAsync(hour + "00-10.mp4", Bytes("video"), BlobCondition.None, Ct);
        }

        // site, camera, year, month, day, hour: six levels below "footage/".
        IReadOnlyList<string> level = ["footage/"];
        for (var depth = 0; depth < 6; depth++)
        {
            var next = new List<string>();
            foreach (var folder in level)
            {
                next.AddRange(await PrefixesOf(folder));
            }

            level = next;
        }

        Assert.Equal(hours, level);
    }

    [Theory]
    [InlineData("footage")]
    [InlineData("footage/s/cam-01")]
    [InlineData("footage/s/cam-0*")]
    public async Task List_prefixes_of_a_prefix_that_does_not_end_in_a_slash_is_refused_naming_the_rule(string prefix)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await PrefixesOf(prefix));

        Assert.Contains($"'{prefix}' must be empty or end with '/'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/footage/")]
    [InlineData("footage//")]
    [InlineData("footage/./")]
    [InlineData(".locks/")]
    [InlineData("a\\b/")]
    public async Task List_prefixes_of_a_hostile_prefix_is_refused(string prefix)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await PrefixesOf(prefix));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await PrefixesOf(null!));
    }

    [Fact]
    public async Task Open_read_streams_the_content_from_an_offset_and_a_missing_blob_is_null()
    {
        var content = new byte[(3 * 1024 * 1024) + 17]; // larger than one read buffer, and than one Azure read chunk
        new Random(9).NextBytes(content);
        await Store.PutAsync("exports/fr-1/cam-01.mp4", content, BlobCondition.None, Ct);

        Assert.Equal(content, await ReadAllAsync("exports/fr-1/cam-01.mp4", 0));
        Assert.Equal(content[1_000_001..], await ReadAllAsync("exports/fr-1/cam-01.mp4", 1_000_001));
        Assert.Empty(await ReadAllAsync("exports/fr-1/cam-01.mp4", content.Length));
        Assert.Empty(await ReadAllAsync("exports/fr-1/cam-01.mp4", content.Length + 100L));
        Assert.Null(await Store.OpenReadAsync("exports/fr-1/missing.mp4", 0, Ct));
        Assert.Null(await Store.OpenReadAsync("nowhere/missing.mp4", 0, Ct));
    }

    [Fact]
    public async Task Open_read_sees_appended_blobs_whole_and_refuses_a_negative_offset_or_a_hostile_name()
    {
        await Store.AppendAsync("exports/fr-2/cam-02.mp4", Bytes("first "), Ct);
        await Store.AppendAsync("exports/fr-2/cam-02.mp4", Bytes("second"), Ct);

        Assert.Equal("first second", Encoding.UTF8.GetString(await ReadAllAsync("exports/fr-2/cam-02.mp4", 0)));
        Assert.Equal("second", Encoding.UTF8.GetString(await ReadAllAsync("exports/fr-2/cam-02.mp4", 6)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OpenReadAsync("exports/fr-2/cam-02.mp4", -1, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync("../etc/passwd", 0, Ct));
    }

    protected async Task<byte[]> ReadAllAsync(string name, long offset)
    {
        var stream = await Store.OpenReadAsync(name, offset, Ct);
        Assert.NotNull(stream);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task Delete_honours_if_match_and_a_missing_blob_is_nothing_to_delete()
    {
        var etag = await Store.PutAsync("footage/site/cam-01/2025/01/01/00/a.mp4", Bytes("video"), BlobCondition.None, Ct);
        await Store.PutAsync("footage/site/cam-02/2025/01/01/00/a.mp4", Bytes("video"), BlobCondition.None, Ct);

        var conflict = await Assert.ThrowsAsync<BlobConflictException>(
            () => Store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", "\"0x0\"", Ct));
        Assert.Equal(etag, conflict.ActualETag);
        Assert.NotNull(await Store.GetAsync("footage/site/cam-01/2025/01/01/00/a.mp4", Ct));

        Assert.True(await Store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", etag, Ct));
        Assert.False(await Store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", cancellationToken: Ct));
        Assert.False(await Store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", etag, Ct));
        Assert.Null(await Store.GetAsync("footage/site/cam-01/2025/01/01/00/a.mp4", Ct));
        Assert.Equal(["footage/site/cam-02/2025/01/01/00/a.mp4"], (await ListAll("footage/")).Select(b => b.Name));

        Assert.True(await Store.DeleteAsync("footage/site/cam-02/2025/01/01/00/a.mp4", cancellationToken: Ct));
        Assert.Empty(await ListAll(""));
    }

    [Fact]
    public async Task A_deleted_blob_can_be_created_again_by_put_or_append()
    {
        var etag = await Store.AppendAsync("deadletter/2025/01/01.jsonl", Bytes("one\n"), Ct);
        Assert.True(await Store.DeleteAsync("deadletter/2025/01/01.jsonl", etag, Ct));
        await Store.AppendAsync("deadletter/2025/01/01.jsonl", Bytes("two\n"), Ct);
        Assert.Equal("two\n", Text((await Store.GetAsync("deadletter/2025/01/01.jsonl", Ct))!));

        Assert.True(await Store.DeleteAsync("deadletter/2025/01/01.jsonl", cancellationToken: Ct));
        await Store.PutAsync("deadletter/2025/01/01.jsonl", Bytes("three\n"), BlobCondition.NotExists, Ct);
        Assert.Equal("three\n", Text((await Store.GetAsync("deadletter/2025/01/01.jsonl", Ct))!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("a/./b")]
    [InlineData(".hidden")]
    [InlineData("a/.x.tmp")]
    [InlineData("a\u0001b")]
    [InlineData("a\nb")]
    [InlineData("c:x")]
    public async Task Hostile_names_are_rejected(string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(name, Bytes("x"), BlobCondition.None, Ct));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(name, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(name, Bytes("x"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(name, cancellationToken: Ct));
        Assert.Empty(await ListAll(""));
    }

    [Fact]
    public async Task Null_and_overlong_names_are_rejected_with_the_problem_named()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.GetAsync(null!, Ct));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(new string('a', 1025), Ct));
        Assert.Contains("1025", tooLong.Message, StringComparison.Ordinal);
        var dotDot = await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync("../x", Ct));
        Assert.Contains("'..'", dotDot.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await ListAll("../"));
    }

    protected async Task<string> PutUntilAcceptedAsync(string name, CancellationToken ct)
    {
        while (true)
        {
            var current = await Store.GetAsync(name, ct);
            try
            {
                return await Store.PutAsync(name, Bytes("initial"), current is null ? BlobCondition.NotExists : BlobCondition.Matches(current.ETag), ct);
            }
            catch (BlobConflictException)
            {
                // another round got there first
            }
        }
    }

    protected async Task<List<BlobInfo>> ListAll(string prefix)
    {
        var result = new List<BlobInfo>();
        await foreach (var blob in Store.ListAsync(prefix, Ct))
        {
            result.Add(blob);
        }

        return result;
    }

    protected async Task<List<string>> PrefixesOf(string prefix)
    {
        var result = new List<string>();
        await foreach (var folder in Store.ListPrefixesAsync(prefix, Ct))
        {
            result.Add(folder);
        }

        return result;
    }

    /// <summary>
    /// Two writers put <paramref name="name"/> at the same moment under <paramref name="condition"/>, writer w with
    /// <paramref name="content"/>(w): per writer, what it wrote if the store accepted it, null if it met a conflict.
    /// </summary>
    private async Task<string?[]> PutFromTwoWritersAtOnceAsync(string name, Func<int, string> content, BlobCondition condition, CancellationToken ct)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run<string?>(async () =>
        {
            await start.Task;
            try
            {
                await Store.PutAsync(name, Bytes(content(w)), condition, ct);
                return content(w);
            }
            catch (BlobConflictException)
            {
                return null;
            }
        }, ct)).ToArray();
        start.SetResult();
        return await Task.WhenAll(writers);
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A file outside the store with this content, for <see cref="IBlobStore.PutFileAsync"/>; the caller deletes it.</summary>
    protected static async Task<string> LocalFileAsync(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), "camerabeheer-putfile-" + Guid.NewGuid().ToString("N") + ".bin");
        await File.WriteAllBytesAsync(path, content, Ct);
        return path;
    }

    protected static string Text(BlobContent blob) => Encoding.UTF8.GetString(blob.Content.Span);
}
