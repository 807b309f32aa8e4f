namespace CameraBeheer.Edge.Messaging;

/// <summary>
/// The outbox's journal on disk (format in <see cref="OutboxJournal"/> and Messaging/OUTBOX.md): batches of records
/// appended and flushed (group commit), the consumer state saved atomically, journal files deleted once all their
/// records are done, and closed files rewritten without their dead records (half dead, or older than the four-week
/// rule's cutoff).
/// </summary>
/// <remarks>
/// Shares the outbox's lock for the list of files and what the records' events have become; the file being appended to
/// is touched by the outbox's writer task only; saving the state and rewriting files happen under a gate of their own,
/// one at a time.
/// </remarks>
internal sealed class OutboxJournalFiles
{
    private readonly Lock _lock;
    private readonly long _fileBytes;
    private readonly string _journalFolder;
    private readonly string _statePath;
    private readonly Func<(long Through, IReadOnlyList<string> Recent)> _consumerState;
    private readonly List<OutboxJournalFile> _files = [];
    private readonly SortedSet<long> _doneAbove = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _dirty = true;

    // Touched by the writer task only.
    private OutboxJournalFile? _active;
    private FileStream? _activeStream;

    /// <param name="folder">The outbox folder: the journal files go into its <c>journal/</c>, the state into <c>state.json</c>.</param>
    /// <param name="fileBytes">A file is closed and a new one started beyond this size.</param>
    /// <param name="sharedLock">The outbox's lock.</param>
    /// <param name="consumerState">Under the lock: every event up to which sequence is done, and the keys of the recently completed.</param>
    public OutboxJournalFiles(string folder, long fileBytes, Lock sharedLock, Func<(long Through, IReadOnlyList<string> Recent)> consumerState)
    {
        _lock = sharedLock;
        _fileBytes = fileBytes;
        _consumerState = consumerState;
        _journalFolder = Path.Combine(folder, OutboxJournal.JournalFolder);
        _statePath = Path.Combine(folder, OutboxJournal.StateFile);
        Directory.CreateDirectory(_journalFolder);
    }

    /// <summary>The highest sequence read back by <see cref="ReadBack"/>.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Every record of every file, in order. Under the lock.</summary>
    public IEnumerable<OutboxEntry> Entries => _files.SelectMany(f => f.Entries);

    /// <summary>Reads the consumer state an earlier run saved; an empty one when it is damaged (logged).</summary>
    public OutboxState ReadState(ILogger logger)
    {
        foreach (var leftover in Directory.EnumerateFiles(_journalFolder, "*" + OutboxJournal.TempSuffix))
        {
            TryDelete(leftover);
        }

        try
        {
            return OutboxJournal.ReadState(_statePath);
        }
        catch (InvalidDataException e)
        {
            // Replaced atomically, so this is damage from outside: sending everything again is safe (ids dedupe).
            logger.LogError("{Reason}; every event in the journal will be sent again", e.Message);
            return new OutboxState(0, [], []);
        }
    }

    /// <summary>
    /// Reads back the records an earlier run left, in order, yielding those still to be sent (queued). A record is done
    /// when the state says so or <paramref name="isDuplicate"/> (asked as the records come, so a record repeated in the
    /// journal is recognised by its first copy).
    /// </summary>
    public IEnumerable<OutboxEntry> ReadBack(OutboxState state, Func<OutboxEntry, bool> isDuplicate, Action<string> reportDamage)
    {
        var done = state.Done.ToHashSet();
        LastSequence = state.Through;
        foreach (var path in Directory.EnumerateFiles(_journalFolder, "*" + OutboxJournal.Extension).Order(StringComparer.Ordinal))
        {
            var file = new OutboxJournalFile(path) { Bytes = new FileInfo(path).Length };
            foreach (var record in OutboxJournal.Read(path, reportDamage))
            {
                LastSequence = Math.Max(LastSequence, record.Sequence);
                var entry = OutboxEntry.From(record, OutboxEntryState.Queued);
                entry.File = file;
                file.Entries.Add(entry);
                if (record.Sequence <= state.Through || done.Contains(record.Sequence) || isDuplicate(entry))
                {
                    entry.State = OutboxEntryState.Done;
                    entry.Payload = [];
                    file.Dead++;
                    if (record.Sequence > state.Through)
                    {
                        _doneAbove.Add(record.Sequence);
                    }

                    continue;
                }

                yield return entry;
            }

            _files.Add(file);
        }
    }

    /// <summary>The consumer state needs saving. Under the lock.</summary>
    public void MarkDirty() => _dirty = true;

    /// <summary>The event of <paramref name="entry"/> is done or dropped. Under the lock.</summary>
    public void NoteDead(OutboxEntry entry)
    {
        _doneAbove.Add(entry.Seq);
        if (entry.File is { } file)
        {
            file.Dead++;
        }

        _dirty = true;
    }

    /// <summary>
    /// Appends the records of <paramref name="batch"/> and flushes them to disk (fsync); returns the file that holds
    /// them. On failure the file is cut back to where it was (as far as possible) and the exception goes to the caller.
    /// Writer task only.
    /// </summary>
    public OutboxJournalFile Append(IReadOnlyList<OutboxEntry> batch)
    {
        long before = 0;
        try
        {
            var lines = batch.Select(e => OutboxJournal.Serialize(e.ToRecord())).ToList();
            var file = ActiveFileFor(batch[0].Seq);
            before = _activeStream!.Position;
            foreach (var line in lines)
            {
                _activeStream.Write(line);
            }

            _activeStream.Flush(flushToDisk: true);
            file.Bytes = _activeStream.Position;
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryCutBack(before);
            throw;
        }
    }

    /// <summary>Records that <paramref name="file"/> holds <paramref name="entry"/>. Under the lock.</summary>
    public static void Attach(OutboxEntry entry, OutboxJournalFile file)
    {
        entry.File = file;
        file.Entries.Add(entry);
    }

    /// <summary>Whether the file being appended to holds a record written before <paramref name="cutoff"/>. Under the lock.</summary>
    public bool ActiveHoldsOlderThan(DateTimeOffset cutoff) => _active is { } active && active.Entries.Any(e => e.EnqueuedAt < cutoff);

    /// <summary>Closes the file being appended to (deleted when it holds nothing); the next batch starts a new one. Writer task only.</summary>
    public void CloseActive()
    {
        _activeStream?.Dispose();
        _activeStream = null;
        lock (_lock)
        {
            if (_active is { } file && file.Entries.Count == 0)
            {
                _files.Remove(file);
                TryDelete(file.Path);
            }

            _active = null;
        }
    }

    /// <summary>Saves the consumer state and rewrites one closed file that is at least half dead (also run on a timer).</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SaveState();
            CompactOne();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Saves the consumer state once more, as the outbox closes; then closes the file being appended to.</summary>
    public async Task CloseAsync(ILogger logger)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            SaveState();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not save the outbox state on close ({Reason}); completed events may be sent again", e.Message);
        }
        finally
        {
            _gate.Release();
        }

        CloseActive();
    }

    /// <summary>
    /// Removes from the closed files every dead record written before <paramref name="cutoff"/> (a file of only such
    /// records is deleted, one with others beside them rewritten without them) and returns the events removed.
    /// </summary>
    public async Task<List<OutboxEntry>> RemoveDeadOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<OutboxEntry> old;
            lock (_lock)
            {
                old = Entries.Where(e => e.EnqueuedAt < cutoff && e.IsDead).ToList();
            }

            // The state first: it must say the dropped records are done before a file without them could be all there is.
            SaveState();
            List<OutboxJournalFile> toRewrite;
            lock (_lock)
            {
                toRewrite = _files.Where(f => f != _active && f.Entries.Any(e => e.EnqueuedAt < cutoff && e.IsDead)).ToList();
            }

            foreach (var file in toRewrite)
            {
                RewriteWithoutDead(file);
            }

            SaveState();
            lock (_lock)
            {
                var left = Entries.ToHashSet();
                return old.Where(e => !left.Contains(e)).ToList();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the consumer state when it changed, then deletes the closed files whose records are all done. Under the gate.</summary>
    private void SaveState()
    {
        OutboxState state;
        List<OutboxJournalFile> finished;
        lock (_lock)
        {
            if (!_dirty)
            {
                return;
            }

            var (through, recent) = _consumerState();
            while (_doneAbove.Count > 0 && _doneAbove.Min <= through)
            {
                _doneAbove.Remove(_doneAbove.Min);
            }

            state = new OutboxState(through, [.. _doneAbove], recent);
            finished = _files.Where(f => f != _active && f.AllDead).ToList();
            _dirty = false;
        }

        OutboxJournal.ReplaceAtomically(_statePath, OutboxJournal.SerializeState(state));
        foreach (var file in finished)
        {
            TryDelete(file.Path);
            lock (_lock)
            {
                _files.Remove(file);
                foreach (var entry in file.Entries)
                {
                    _doneAbove.Remove(entry.Seq);
                }

                file.Entries.Clear();
                _dirty = true;
            }
        }
    }

    /// <summary>
    /// Rewrites one closed journal file that is at least half dead without its dead records, so that a long outage
    /// with drops does not grow the journal beyond about twice the bound.
    /// </summary>
    private void CompactOne()
    {
        OutboxJournalFile? file;
        lock (_lock)
        {
            // At least half dead: each rewrite removes half the file or more, so rewriting costs at most about as
            // much writing again as was dropped.
            file = _files.FirstOrDefault(f => f != _active && f.Dead > 0 && f.Dead * 2 >= f.Entries.Count && !f.AllDead);
        }

        if (file is not null)
        {
            RewriteWithoutDead(file);
        }
    }

    /// <summary>Rewrites a closed journal file without its dead records (atomically: a crash leaves the old file or the new). Under the gate.</summary>
    private void RewriteWithoutDead(OutboxJournalFile file)
    {
        List<JournalRecord> live;
        HashSet<long> dead;
        lock (_lock)
        {
            if (!_files.Contains(file) || file == _active)
            {
                return;
            }

            // Records taken under the lock: an entry completed meanwhile loses its payload, its record keeps it.
            live = file.Entries.Where(e => e.IsLive).Select(e => e.ToRecord()).ToList();
            dead = file.Entries.Where(e => e.IsDead).Select(e => e.Seq).ToHashSet();
        }

        var content = new MemoryStream();
        foreach (var record in live)
        {
            content.Write(OutboxJournal.Serialize(record));
        }

        OutboxJournal.ReplaceAtomically(file.Path, content.ToArray());
        lock (_lock)
        {
            file.Entries.RemoveAll(e => dead.Contains(e.Seq));
            file.Dead = file.Entries.Count(e => e.IsDead);
            foreach (var seq in dead)
            {
                _doneAbove.Remove(seq);
            }

            _dirty = true;
        }
    }

    private OutboxJournalFile ActiveFileFor(long firstSeq)
    {
        if (_active is not null && _activeStream is not null && _active.Bytes < _fileBytes)
        {
            return _active;
        }

        CloseActive();
        var path = Path.Combine(_journalFolder, OutboxJournal.FileName(firstSeq));
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var file = new OutboxJournalFile(path) { Bytes = stream.Length };
        lock (_lock)
        {
            _files.Add(file);
            _active = file;
        }

        _activeStream = stream;
        return file;
    }

    private void TryCutBack(long length)
    {
        try
        {
            if (_activeStream is not null && _activeStream.Length > length)
            {
                _activeStream.SetLength(length);
                _activeStream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A line of a failed batch may remain: start a new file, and the reader skips or keeps it (the producer was told it failed).
            _activeStream?.Dispose();
            _activeStream = null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start; its records are done according to the state.
        }
    }
}
