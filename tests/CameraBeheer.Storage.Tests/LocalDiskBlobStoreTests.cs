namespace CameraBeheer.Storage.Tests;

/// <summary>What only the local-disk store does: files and folders, temp files, the cross-process lock. The
/// <see cref="IBlobStore"/> contract itself is in <see cref="LocalDiskBlobStoreContractTests"/>.</summary>
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
    public async Task A_blob_is_a_file_at_its_name_under_the_root()
    {
        await _store.PutAsync("state/camera/site/cam-01.json", Bytes("{\"a\":1}"), BlobCondition.None, Ct);
        await _store.AppendAsync("events/site/cam-01/2025/01/01/00.jsonl", Bytes("one\n"), Ct);

        Assert.Equal("{\"a\":1}", await File.ReadAllTextAsync(_folder.File("state/camera/site/cam-01.json"), Ct));
        Assert.Equal("one\n", await File.ReadAllTextAsync(_folder.File("events/site/cam-01/2025/01/01/00.jsonl"), Ct));
    }

    [Fact]
    public async Task Put_file_moves_the_file_into_place_and_names_where_it_lies()
    {
        // On the same file system the file is renamed, not written again: it is gone from where it was, and the blob
        // is that file (same inode). Its path is what the export hands to ffmpeg to read in place.
        var outside = System.IO.Path.Combine(_folder.Path, "..", "outside-" + Guid.NewGuid().ToString("N") + ".mp4");
        await File.WriteAllBytesAsync(outside, Bytes("video"), Ct);
        try
        {
            var etag = await _store.PutFileAsync("exports/fr-1/cam-01.mp4", outside, BlobCondition.None, Ct);

            Assert.False(File.Exists(outside));
            var path = _store.LocalPathOf("exports/fr-1/cam-01.mp4");
            Assert.Equal(_folder.File("exports/fr-1/cam-01.mp4"), path);
            Assert.Equal("video", await File.ReadAllTextAsync(path!, Ct));
            Assert.Equal(etag, (await _store.GetAsync("exports/fr-1/cam-01.mp4", Ct))!.ETag);
            Assert.Empty(Directory.EnumerateFiles(_folder.File("exports/fr-1"), ".*"));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public void The_local_path_of_a_hostile_name_is_refused_and_decorators_pass_the_path_on()
    {
        Assert.Throws<ArgumentException>(() => _store.LocalPathOf("../outside.mp4"));
        Assert.Equal(_store.LocalPathOf("footage/a.mp4"), new CountingBlobStore(_store).LocalPathOf("footage/a.mp4"));
        using var guard = new FreeSpaceGuardBlobStore(_store, () => long.MaxValue, 0);
        Assert.Equal(_store.LocalPathOf("footage/a.mp4"), guard.LocalPathOf("footage/a.mp4"));
        Assert.Null(new CountingBlobStore(new InMemoryBlobStore()).LocalPathOf("footage/a.mp4"));
    }

    [Fact]
    public async Task An_empty_append_still_stamps_a_new_etag()
    {
        // Local disk only: the file's write time moves. Azure has no zero-byte Append Block, so there it stays.
        var before = await _store.AppendAsync("x.jsonl", Bytes("one\n"), Ct);
        var after = await _store.AppendAsync("x.jsonl", ReadOnlyMemory<byte>.Empty, Ct);

        Assert.NotEqual(before, after);
        Assert.Equal(after, (await _store.GetAsync("x.jsonl", Ct))!.ETag);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/tmp/x")]
    [InlineData("a/.x.tmp")]
    public async Task Hostile_names_leave_nothing_on_disk(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(name, Bytes("x"), BlobCondition.None, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync(name, Bytes("x"), Ct));

        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_folder.Path), e => !Path.GetFileName(e).StartsWith('.'));
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
    public async Task Delete_removes_emptied_folders_but_not_the_root()
    {
        var etag = await _store.PutAsync("footage/site/cam-01/2025/01/01/00/a.mp4", Bytes("video"), BlobCondition.None, Ct);
        await _store.PutAsync("footage/site/cam-02/2025/01/01/00/a.mp4", Bytes("video"), BlobCondition.None, Ct);

        Assert.True(await _store.DeleteAsync("footage/site/cam-01/2025/01/01/00/a.mp4", etag, Ct));

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

    [Fact]
    public async Task Folders_holding_no_blob_are_not_listed_as_prefixes()
    {
        await _store.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", Bytes("video"), BlobCondition.None, Ct);
        // What a delete under way, a crashed put and an unfinished put leave behind: no blob in any of them.
        Directory.CreateDirectory(_folder.File("footage/s/cam-02/2026/11"));
        Directory.CreateDirectory(_folder.File("footage/s/cam-03/2026/11/22/10"));
        await File.WriteAllTextAsync(_folder.File($"footage/s/cam-03/2026/11/22/10/.b.mp4.{Guid.NewGuid():N}.tmp"), "half", Ct);

        Assert.Equal(["footage/s/cam-01/"], await _store.ListPrefixesAsync("footage/s/", Ct).ToListAsync(Ct));
        Assert.Equal(["footage/"], await _store.ListPrefixesAsync("", Ct).ToListAsync(Ct)); // not the hidden lock folder
        Assert.Empty(await _store.ListPrefixesAsync("footage/s/cam-03/2026/11/22/", Ct).ToListAsync(Ct));
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
