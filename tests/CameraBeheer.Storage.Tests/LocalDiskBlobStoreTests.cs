using System.Text;

namespace CameraBeheer.Storage.Tests;

public sealed class LocalDiskBlobStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LocalDiskBlobStore _store;

    public LocalDiskBlobStoreTests() => _store = new LocalDiskBlobStore(_folder.Path);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _store.AbandonedTempFilesSweep.Wait(Ct);
        _folder.Dispose();
    }

    [Fact]
    public async Task Put_then_get_returns_the_content_and_the_same_etag()
    {
        var etag = await _store.PutAsync("state/camera/site/cam-01.json", Bytes("{\"a\":1}"), BlobCondition.None, Ct);

        var blob = await _store.GetAsync("state/camera/site/cam-01.json", Ct);

        Assert.NotNull(blob);
        Assert.Equal("{\"a\":1}", Text(blob));
        Assert.Equal(etag, blob.ETag);
        Assert.True(File.Exists(_folder.File("state/camera/site/cam-01.json")));
    }

    [Fact]
    public async Task Get_of_a_missing_blob_or_a_folder_returns_null()
    {
        await _store.PutAsync("a/b/c", Bytes("x"), BlobCondition.None, Ct);

        Assert.Null(await _store.GetAsync("a/missing", Ct));
        Assert.Null(await _store.GetAsync("nowhere/missing", Ct));
        Assert.Null(await _store.GetAsync("a/b", Ct));
    }

    [Fact]
    public async Task Every_write_changes_the_etag_even_with_identical_content()
    {
        var etags = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            etags.Add(await _store.PutAsync("x.json", Bytes("same"), BlobCondition.None, Ct));
        }

        etags.Add(await _store.AppendAsync("x.json", Bytes("more"), Ct));
        etags.Add(await _store.AppendAsync("x.json", ReadOnlyMemory<byte>.Empty, Ct));
        etags.Add(await _store.PutAsync("x.json", Bytes("samemore"), BlobCondition.None, Ct));

        Assert.Equal(etags.Count, etags.Distinct().Count());
    }

    [Fact]
    public async Task Get_list_put_and_append_agree_on_the_etag()
    {
        var appended = await _store.AppendAsync("events/site/cam-01/h.jsonl", Bytes("one\n"), Ct);
        Assert.Equal(appended, (await _store.GetAsync("events/site/cam-01/h.jsonl", Ct))!.ETag);
        Assert.Equal(appended, (await ListAll("events/")).Single().ETag);

        // If-Match works on an appended blob, and an append makes earlier ETags stale.
        var put = await _store.PutAsync("events/site/cam-01/h.jsonl", Bytes("replaced\n"), BlobCondition.Matches(appended), Ct);
        var appendedAgain = await _store.AppendAsync("events/site/cam-01/h.jsonl", Bytes("two\n"), Ct);
        await Assert.ThrowsAsync<BlobConflictException>(
            () => _store.PutAsync("events/site/cam-01/h.jsonl", Bytes("x"), BlobCondition.Matches(put), Ct));
        var listed = (await ListAll("events/")).Single();
        Assert.Equal(appendedAgain, listed.ETag);
        Assert.Equal("replaced\ntwo\n".Length, listed.Length);
    }

    [Fact]
    public async Task If_none_match_on_an_existing_blob_is_a_conflict()
    {
        var etag = await _store.PutAsync("state/x.json", Bytes("first"), BlobCondition.NotExists, Ct);

        var conflict = await Assert.ThrowsAsync<BlobConflictException>(
            () => _store.PutAsync("state/x.json", Bytes("second"), BlobCondition.NotExists, Ct));

        Assert.Equal("state/x.json", conflict.BlobName);
        Assert.Equal(etag, conflict.ActualETag);
        Assert.Contains("state/x.json", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("first", Text((await _store.GetAsync("state/x.json", Ct))!));
    }

    [Fact]
    public async Task If_match_with_a_stale_or_absent_etag_is_a_conflict()
    {
        var stale = await _store.PutAsync("state/x.json", Bytes("v1"), BlobCondition.None, Ct);
        var current = await _store.PutAsync("state/x.json", Bytes("v2"), BlobCondition.Matches(stale), Ct);

        var conflict = await Assert.ThrowsAsync<BlobConflictException>(
            () => _store.PutAsync("state/x.json", Bytes("v3"), BlobCondition.Matches(stale), Ct));
        Assert.Equal(stale, conflict.ExpectedETag);
        Assert.Equal(current, conflict.ActualETag);
        Assert.Contains(stale, conflict.Message, StringComparison.Ordinal);
        Assert.Contains(current, conflict.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<BlobConflictException>(
            () => _store.PutAsync("state/missing.json", Bytes("v1"), BlobCondition.Matches(stale), Ct));
        Assert.Equal("v2", Text((await _store.GetAsync("state/x.json", Ct))!));
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins()
    {
        await Parallel.ForAsync(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (round, ct) =>
        {
            var name = $"race/{round % 4}.json"; // several rounds share a name: also races across rounds
            var etag = await PutUntilAcceptedAsync(name, ct);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    await _store.PutAsync(name, Bytes($"round {round} writer {w}"), BlobCondition.Matches(etag), ct);
                    return true;
                }
                catch (BlobConflictException)
                {
                    return false;
                }
            }, ct)).ToArray();
            start.SetResult();
            var won = await Task.WhenAll(writers);

            Assert.True(won.Count(w => w) <= 1, "two writers with the same ETag both succeeded");
        });

        // Rounds on their own name: no third party, so exactly one of the two must win.
        for (var round = 0; round < 30; round++)
        {
            var name = $"duel/{round}.json";
            var etag = await _store.PutAsync(name, Bytes("initial"), BlobCondition.None, Ct);
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
            {
                try
                {
                    await _store.PutAsync(name, Bytes($"writer {w}"), BlobCondition.Matches(etag), Ct);
                    return $"writer {w}";
                }
                catch (BlobConflictException)
                {
                    return null;
                }
            }, Ct)));

            var winner = Assert.Single(results, r => r is not null);
            Assert.Equal(winner, Text((await _store.GetAsync(name, Ct))!));
        }
    }

    [Fact]
    public async Task An_interrupted_put_leaves_the_old_value_and_no_visible_trace()
    {
        await _store.PutAsync("state/camera/cam-01.json", Bytes("old"), BlobCondition.None, Ct);
        // What a crash between writing the temp file and renaming it leaves behind.
        var temp = _folder.File($"state/camera/.cam-01.json.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temp, "new but never renamed", Ct);

        Assert.Equal("old", Text((await _store.GetAsync("state/camera/cam-01.json", Ct))!));
        Assert.Equal(["state/camera/cam-01.json"], (await ListAll("")).Select(b => b.Name));
        Assert.Equal(["state/camera/cam-01.json"], (await ListAll("state/camera/")).Select(b => b.Name));
    }

    [Fact]
    public async Task Temp_files_older_than_a_minute_are_removed_on_start()
    {
        Directory.CreateDirectory(_folder.File("state/camera"));
        var abandoned = _folder.File($"state/camera/.cam-01.json.{Guid.NewGuid():N}.tmp");
        var inFlight = _folder.File($"state/camera/.cam-02.json.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(abandoned, "crashed", Ct);
        await File.WriteAllTextAsync(inFlight, "being written", Ct);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddMinutes(-5));

        var restarted = new LocalDiskBlobStore(_folder.Path);
        await restarted.AbandonedTempFilesSweep.WaitAsync(Ct);

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(inFlight));
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
                await _store.AppendAsync("events/site/cam-01/2025/01/01/00.jsonl", Bytes($"{w:D2}-{i:D3} {padding}\n"), Ct);
            }
        }, Ct)));

        var lines = Text((await _store.GetAsync("events/site/cam-01/2025/01/01/00.jsonl", Ct))!).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(writers * linesEach, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^\d{2}-\d{3} x{3000}$", line));
        Assert.Equal(writers * linesEach, lines.Select(l => l[..6]).Distinct().Count());
    }

    [Fact]
    public async Task A_writer_in_another_process_holding_the_lock_delays_a_put_until_it_lets_go()
    {
        await _store.PutAsync("state/x.json", Bytes("v1"), BlobCondition.None, Ct);
        // Another open file description with FileShare.None takes the same OS lock another process would.
        var otherProcess = new FileStream(
            BlobNameLocks.LockFilePath(_store.Root, "state/x.json"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var put = _store.PutAsync("state/x.json", Bytes("v2"), BlobCondition.None, Ct);
        await Task.Delay(200, Ct);
        Assert.False(put.IsCompleted);

        await otherProcess.DisposeAsync();
        await put.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("v2", Text((await _store.GetAsync("state/x.json", Ct))!));
    }

    [Fact]
    public async Task List_by_prefix_walks_nested_folders_in_ordinal_order()
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
            "events/site-2/cam-01/x.jsonl",
            "events/site0/x",
            "state/x.json",
        ];
        foreach (var name in names.Reverse())
        {
            await _store.PutAsync(name, Bytes(name), BlobCondition.None, Ct);
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
    }

    [Fact]
    public async Task Delete_honours_if_match_and_removes_emptied_folders_but_not_the_root()
    {
        var etag = await _store.PutAsync("footage/site/cam-01/2025/01/01/00/a.mp4", Bytes("video"), BlobCondition.None, Ct);
        await _store.PutAsync("footage/site/cam-02/2025/01/01/00/a.mp4", Bytes("video"), BlobCondition.None, Ct);

        await Assert.ThrowsAsync<BlobConflictException>(
            () => _store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", "0-0", Ct));
        Assert.True(await _store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", etag, Ct));
        Assert.False(await _store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", cancellationToken: Ct));
        Assert.False(await _store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", etag, Ct));

        Assert.False(Directory.Exists(_folder.File("footage/site/cam-01")));
        Assert.True(Directory.Exists(_folder.File("footage/site/cam-02/2025/01/01/00")));

        Assert.True(await _store.DeleteAsync("footage/site/cam-02/2025/01/01/00/a.mp4", cancellationToken: Ct));
        Assert.False(Directory.Exists(_folder.File("footage")));
        Assert.True(Directory.Exists(_folder.Path));
        Assert.Empty(await ListAll(""));
    }

    [Fact]
    public async Task Puts_and_deletes_in_one_folder_do_not_trip_over_each_other()
    {
        // A delete removes a folder that just became empty while a put is about to write into it.
        await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (i, ct) =>
        {
            var name = $"retention/site/2025/01/{i % 3}/{i}.jsonl";
            await _store.PutAsync(name, Bytes("receipt"), BlobCondition.None, ct);
            Assert.True(await _store.DeleteAsync(name, cancellationToken: ct));
        });

        Assert.Empty(await ListAll(""));
        Assert.False(Directory.Exists(_folder.File("retention")));
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
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(name, Bytes("x"), BlobCondition.None, Ct));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(name, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync(name, Bytes("x"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(name, cancellationToken: Ct));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_folder.Path), e => !Path.GetFileName(e).StartsWith('.'));
    }

    [Fact]
    public async Task Null_and_overlong_names_are_rejected_with_the_problem_named()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.GetAsync(null!, Ct));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(new string('a', 1025), Ct));
        Assert.Contains("1025", tooLong.Message, StringComparison.Ordinal);
        var dotDot = await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync("../x", Ct));
        Assert.Contains("'..'", dotDot.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await ListAll("../"));
    }

    private async Task<string> PutUntilAcceptedAsync(string name, CancellationToken ct)
    {
        while (true)
        {
            var current = await _store.GetAsync(name, ct);
            try
            {
                return await _store.PutAsync(name, Bytes("initial"), current is null ? BlobCondition.NotExists : BlobCondition.Matches(current.ETag), ct);
            }
            catch (BlobConflictException)
            {
                // another round got there first
            }
        }
    }

    private async Task<List<BlobInfo>> ListAll(string prefix)
    {
        var result = new List<BlobInfo>();
        await foreach (var blob in _store.ListAsync(prefix, Ct))
        {
            result.Add(blob);
        }

        return result;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(BlobContent blob) => Encoding.UTF8.GetString(blob.Content.Span);
}
