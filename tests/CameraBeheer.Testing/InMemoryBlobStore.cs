using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CameraBeheer.Storage;

namespace CameraBeheer.Testing;

/// <summary>An <see cref="IBlobStore"/> in process memory, with per-operation call counters: for tests, where a disk or
/// a container would only add noise. Test-only, so it lives in the test kit, not in CameraBeheer.Storage.</summary>
/// <remarks>
/// <para>It keeps the contract of the other stores: names checked by <see cref="BlobNames"/>, a new ETag on every write,
/// If-Match and If-None-Match conditions, appends that land whole, ordinal listings, and folders that exist only while
/// a blob lies beneath them. An empty append creates a missing blob and otherwise leaves the blob (and its ETag) as it
/// is, as on Azure.</para>
/// <para>Thread-safe: every operation holds one lock for the few steps it takes. Content handed out by
/// <see cref="GetAsync"/> is never written again (appends write past its end, puts write a new buffer), so readers need
/// no copy. Appends grow the buffer geometrically, so a log appended to line by line costs amortised O(line).</para>
/// <para>Nothing is persisted: the store is empty when the process starts.</para>
/// </remarks>
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _blobs = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Folder prefix ("" for the top) → the folders directly under it that hold a blob.</summary>
    private readonly Dictionary<string, SortedSet<string>> _subfolders = new(StringComparer.Ordinal) { [""] = new(StringComparer.Ordinal) };

    /// <summary>Folder prefix → how many blobs lie beneath it, at any depth; a folder is gone when this reaches zero.</summary>
    private readonly Dictionary<string, int> _blobsBeneath = new(StringComparer.Ordinal);

    private readonly TimeProvider _time;
    private long _version;

    private long _gets;
    private long _puts;
    private long _appends;
    private long _lists;
    private long _listPrefixes;
    private long _deletes;

    /// <param name="timeProvider">Stamps <see cref="BlobInfo.LastModified"/>; a fake one lets retention tests age blobs.</param>
    public InMemoryBlobStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Calls of <see cref="GetAsync"/> and <see cref="OpenReadAsync"/>.</summary>
    public long Gets => Interlocked.Read(ref _gets);

    /// <summary>Calls of <see cref="PutAsync"/>.</summary>
    public long Puts => Interlocked.Read(ref _puts);

    /// <summary>Calls of <see cref="AppendAsync"/>.</summary>
    public long Appends => Interlocked.Read(ref _appends);

    /// <summary>Enumerations of <see cref="ListAsync"/>.</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>Enumerations of <see cref="ListPrefixesAsync"/>.</summary>
    public long ListPrefixes => Interlocked.Read(ref _listPrefixes);

    /// <summary>Calls of <see cref="DeleteAsync"/>.</summary>
    public long Deletes => Interlocked.Read(ref _deletes);

    /// <summary>How many blobs the store holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _blobs.Count;
            }
        }
    }

    /// <summary>Sets every call counter back to zero, e.g. after seeding and before the work being measured.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _gets, 0);
        Interlocked.Exchange(ref _puts, 0);
        Interlocked.Exchange(ref _appends, 0);
        Interlocked.Exchange(ref _lists, 0);
        Interlocked.Exchange(ref _listPrefixes, 0);
        Interlocked.Exchange(ref _deletes, 0);
    }

    public Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        return Run(cancellationToken, () =>
        {
            BlobNames.Validate(name);
            lock (_gate)
            {
                return _blobs.TryGetValue(name, out var entry) ? new BlobContent(entry.Content, entry.ETag) : null;
            }
        });
    }

    /// <remarks>Reads the content the blob had when opened (content handed out is never written again), counted as a get.</remarks>
    public Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        return Run<Stream?>(cancellationToken, () =>
        {
            BlobNames.Validate(name);
            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            ReadOnlyMemory<byte> content;
            lock (_gate)
            {
                if (!_blobs.TryGetValue(name, out var entry))
                {
                    return null;
                }

                content = entry.Content;
            }

            var start = (int)Math.Min(offset, content.Length);
            return MemoryMarshal.TryGetArray(content, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset + start, segment.Count - start, writable: false)
                : new MemoryStream(content[start..].ToArray(), writable: false);
        });
    }

    public Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _puts);
        return Run(cancellationToken, () =>
        {
            BlobNames.Validate(name);
            // Copied outside the lock, and always: the caller may reuse its buffer once the call returns.
            var copy = content.ToArray();
            lock (_gate)
            {
                var current = _blobs.GetValueOrDefault(name);
                BlobConflicts.ThrowUnlessHolds(name, condition, current?.ETag);
                var entry = current ?? Add(name);
                entry.Buffer = copy;
                entry.Length = copy.Length;
                return Stamp(entry);
            }
        });
    }

    /// <remarks>Reads the file into memory (where this store keeps everything) and puts it; counted as a put. The file is
    /// left as it was.</remarks>
    public async Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        var content = await File.ReadAllBytesAsync(localFile, cancellationToken).ConfigureAwait(false);
        return await PutAsync(name, content, condition, cancellationToken).ConfigureAwait(false);
    }

    public Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appends);
        return Run(cancellationToken, () =>
        {
            BlobNames.Validate(name);
            lock (_gate)
            {
                if (_blobs.TryGetValue(name, out var entry) && content.IsEmpty)
                {
                    return entry.ETag;
                }

                entry ??= Add(name);
                var length = (long)entry.Length + content.Length;
                if (length > Array.MaxLength)
                {
                    throw new IOException($"appending {content.Length} bytes to blob '{name}' would make it larger than an in-memory blob can be");
                }

                if (entry.Buffer.Length < length)
                {
                    var grown = new byte[Math.Min(Math.Max(length, 2L * entry.Buffer.Length), Array.MaxLength)];
                    entry.Buffer.AsSpan(0, entry.Length).CopyTo(grown);
                    entry.Buffer = grown;
                }

                content.Span.CopyTo(entry.Buffer.AsSpan(entry.Length));
                entry.Length = (int)length;
                return Stamp(entry);
            }
        });
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        BlobNames.ValidatePrefix(prefix);
        foreach (var blob in BlobsStartingWith(prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return blob;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> ListPrefixesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _listPrefixes);
        BlobNames.ValidateFolderPrefix(prefix);
        string[] folders;
        lock (_gate)
        {
            folders = _subfolders.TryGetValue(prefix, out var set) ? [.. set] : [];
        }

        foreach (var folder in folders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return folder;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <remarks>Deleting a blob that does not exist returns false, also with <paramref name="ifMatch"/>, as the other
    /// stores do.</remarks>
    public Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _deletes);
        return Run(cancellationToken, () =>
        {
            BlobNames.Validate(name);
            lock (_gate)
            {
                if (!_blobs.TryGetValue(name, out var entry))
                {
                    return false;
                }

                if (ifMatch is not null)
                {
                    BlobConflicts.ThrowUnlessHolds(name, BlobCondition.Matches(ifMatch), entry.ETag);
                }

                Remove(name);
                return true;
            }
        });
    }

    /// <summary>Runs a synchronous operation as a task: failures come back in the task, as from the other stores.</summary>
    private static Task<T> Run<T>(CancellationToken cancellationToken, Func<T> operation)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(operation());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private List<BlobInfo> BlobsStartingWith(string prefix)
    {
        lock (_gate)
        {
            if (_names.Count == 0 || string.CompareOrdinal(prefix, _names.Max) > 0)
            {
                return [];
            }

            // A view costs the size of its range, so bound it just past the names that start with the prefix.
            IEnumerable<string> range = prefix.Length == 0
                ? _names
                : _names.GetViewBetween(prefix, UpperBound(prefix) is { } upper && string.CompareOrdinal(upper, _names.Max) < 0 ? upper : _names.Max!);
            var result = new List<BlobInfo>();
            foreach (var name in range)
            {
                if (!name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break; // the names with one prefix are contiguous in ordinal order
                }

                var entry = _blobs[name];
                result.Add(new BlobInfo(name, entry.Length, entry.ETag, entry.LastModified));
            }

            return result;
        }
    }

    /// <summary>The least string greater than every string that starts with <paramref name="prefix"/>; null when there
    /// is none (a prefix of U+FFFF only).</summary>
    private static string? UpperBound(string prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == char.MaxValue)
        {
            end--;
        }

        return end == 0 ? null : string.Concat(prefix.AsSpan(0, end - 1), [(char)(prefix[end - 1] + 1)]);
    }

    private string Stamp(Entry entry)
    {
        entry.ETag = string.Create(CultureInfo.InvariantCulture, $"\"mem-{++_version:x}\"");
        entry.LastModified = _time.GetUtcNow();
        return entry.ETag;
    }

    /// <summary>A new, empty entry, entered in the listing and in every folder above it. Under the lock.</summary>
    private Entry Add(string name)
    {
        var entry = new Entry();
        _blobs.Add(name, entry);
        _names.Add(name);
        var parent = "";
        for (var slash = name.IndexOf('/'); slash >= 0; slash = name.IndexOf('/', slash + 1))
        {
            var folder = name[..(slash + 1)];
            var beneath = _blobsBeneath.GetValueOrDefault(folder) + 1;
            _blobsBeneath[folder] = beneath;
            if (beneath == 1)
            {
                if (!_subfolders.TryGetValue(parent, out var siblings))
                {
                    _subfolders[parent] = siblings = new SortedSet<string>(StringComparer.Ordinal);
                }

                siblings.Add(folder);
            }

            parent = folder;
        }

        return entry;
    }

    /// <summary>Removes a blob, and every folder above it that it leaves empty. Under the lock.</summary>
    private void Remove(string name)
    {
        _blobs.Remove(name);
        _names.Remove(name);
        var parent = "";
        for (var slash = name.IndexOf('/'); slash >= 0; slash = name.IndexOf('/', slash + 1))
        {
            var folder = name[..(slash + 1)];
            var beneath = _blobsBeneath[folder] - 1;
            if (beneath > 0)
            {
                _blobsBeneath[folder] = beneath;
            }
            else
            {
                _blobsBeneath.Remove(folder);
                var siblings = _subfolders[parent];
                siblings.Remove(folder);
                if (siblings.Count == 0 && parent.Length > 0)
                {
                    _subfolders.Remove(parent);
                }
            }

            parent = folder;
        }
    }

    private sealed class Entry
    {
        public byte[] Buffer { get; set; } = [];

        public int Length { get; set; }

        public string ETag { get; set; } = "";

        public DateTimeOffset LastModified { get; set; }

        public ReadOnlyMemory<byte> Content => Buffer.AsMemory(0, Length);
    }
}
