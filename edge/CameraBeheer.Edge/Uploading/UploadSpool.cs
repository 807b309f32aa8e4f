using CameraBeheer.Domain;
using CameraBeheer.Edge.Messaging;

namespace CameraBeheer.Edge.Uploading;

/// <summary>
/// The upload spool's bookkeeping: the segments waiting for upload (a file in <c>{spool}/{camera}/</c> each, oldest
/// first), which camera has an upload going and which segment is in an attempt, and the bound: beyond
/// <see cref="SegmentUploaderOptions.MaxSpoolBytes"/> the oldest waiting segments are deleted unuploaded (never the one
/// in an attempt, nor the one just handed over), logged, counted and reported in the agent status. The four-week rule
/// deletes the waiting segments older than its cutoff the same way.
/// </summary>
internal sealed class UploadSpool
{
    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly EdgeHealth? _health;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SortedSet<SpooledSegment> _pending = new(SpooledSegment.ByAge);
    private readonly HashSet<string> _working = new(StringComparer.Ordinal);
    private readonly HashSet<SpooledSegment> _inAttempt = [];
    private long _pendingBytes;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UploadSpool(string folder, long maxBytes, EdgeHealth? health, ILogger logger)
    {
        _folder = folder;
        _maxBytes = maxBytes;
        _health = health;
        _logger = logger;
        Directory.CreateDirectory(folder);
        if (_health is not null)
        {
            _health.SpoolStats = () => { lock (_lock) { return (_pending.Count, _pendingBytes); } };
        }
    }

    /// <summary>Segments waiting for upload (including one being uploaded).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Nothing waits and no upload is going; otherwise the task that completes at the next change.</summary>
    public Task? WhenChanged(bool unlessIdle)
    {
        lock (_lock)
        {
            return unlessIdle && _pending.Count == 0 && _working.Count == 0 ? null : _changed.Task;
        }
    }

    /// <summary>The oldest segment of a camera without an upload going, now that camera's upload; null when none.</summary>
    public SpooledSegment? StartNext()
    {
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var segment in _pending)
            {
                if (seen.Add(segment.Camera) && !_working.Contains(segment.Camera))
                {
                    _working.Add(segment.Camera); // only a camera's oldest segment may go, and one at a time
                    return segment;
                }
            }

            return null;
        }
    }

    /// <summary>An attempt at <paramref name="segment"/> begins: it may no longer be dropped. False when it was dropped
    /// meanwhile (while its upload waited to be retried).</summary>
    public bool BeginAttempt(SpooledSegment segment)
    {
        lock (_lock)
        {
            return _pending.Contains(segment) && _inAttempt.Add(segment);
        }
    }

    public void EndAttempt(SpooledSegment segment)
    {
        lock (_lock)
        {
            _inAttempt.Remove(segment);
        }
    }

    /// <summary>The camera's upload of <paramref name="segment"/> is over; <paramref name="gone"/> when the segment left the spool.</summary>
    public void Finished(SpooledSegment segment, bool gone)
    {
        lock (_lock)
        {
            if (gone && _pending.Remove(segment))
            {
                _pendingBytes -= segment.Bytes;
            }

            _working.Remove(segment.Camera);
            Changed();
        }
    }

    /// <summary>Takes a segment into the bookkeeping; a newly handed-over one is never what the bound drops for it.</summary>
    public void Register(SpooledSegment segment, bool isNew)
    {
        List<SpooledSegment> dropped;
        lock (_lock)
        {
            if (!_pending.Add(segment))
            {
                return; // handed over twice
            }

            _pendingBytes += segment.Bytes;
            dropped = EnforceBound(isNew ? segment : null);
            Changed();
        }

        ReportDropped(dropped);
    }

    /// <summary>
    /// The edge's four-week rule on the upload spool: deletes every waiting segment that ended before
    /// <paramref name="cutoff"/> (never the one in an attempt), logs and counts it as a spool drop, and returns what went.
    /// </summary>
    public IReadOnlyList<SpoolAgeOut> AgeOut(DateTimeOffset cutoff)
    {
        List<SpooledSegment> due = [];
        lock (_lock)
        {
            foreach (var segment in _pending.Where(s => s.End < cutoff && !_inAttempt.Contains(s)).ToList())
            {
                try
                {
                    File.Delete(segment.Path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning("Could not delete spooled segment {File} (older than four weeks): {Reason}; the next sweep tries again", segment.Path, e.Message);
                    continue;
                }

                _pending.Remove(segment);
                _pendingBytes -= segment.Bytes;
                due.Add(segment);
            }

            if (due.Count > 0)
            {
                Changed();
            }
        }

        if (due.Count > 0)
        {
            var bytes = due.Sum(s => s.Bytes);
            _logger.LogWarning(
                "Upload spool: deleted {Count} unuploaded segment(s), {MiB:0.0} MiB, that ended before {Cutoff:O} (the four-week rule), from {From:O} to {To:O} ({Cameras})",
                due.Count, bytes / 1048576.0, cutoff.UtcDateTime, due.Min(s => s.Start).UtcDateTime, due.Max(s => s.End).UtcDateTime,
                string.Join(", ", due.Select(s => s.Camera).Distinct().Take(8)));
            _health?.SpoolDropped(due.Count, bytes);
        }

        return [.. due.Select(s => new SpoolAgeOut(s.Camera, s.Start, s.End, s.Bytes))];
    }

    /// <summary>Finds what an earlier run left in the spool: every segment file is a step not yet finished.</summary>
    public void Recover()
    {
        var found = 0;
        foreach (var folder in Directory.EnumerateDirectories(_folder))
        {
            var camera = Path.GetFileName(folder);
            if (!Ids.IsValid(camera))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var fileName = Path.GetFileName(file);
                if (fileName.EndsWith(SpoolFiles.PartialSuffix, StringComparison.Ordinal))
                {
                    File.Delete(file); // never the only copy: see SpoolFiles.MoveInto
                    continue;
                }

                if (!FootageNames.TryParseSpoolFileName(fileName, out var start, out var end))
                {
                    _logger.LogWarning("Ignoring {File} in the upload spool: not a segment file name", file);
                    continue;
                }

                Register(new SpooledSegment(camera, start, end, file, new FileInfo(file).Length), isNew: false);
                found++;
            }
        }

        if (found > 0)
        {
            _logger.LogInformation("Upload spool: {Count} segments from an earlier run wait for upload", found);
        }
    }

    /// <summary>Deletes the oldest waiting segments (never one in an attempt, nor <paramref name="keep"/>) until the
    /// spool is within its bound. Under the lock.</summary>
    private List<SpooledSegment> EnforceBound(SpooledSegment? keep)
    {
        List<SpooledSegment> dropped = [];
        while (_pendingBytes > _maxBytes)
        {
            var victim = _pending.FirstOrDefault(s => s != keep && !_inAttempt.Contains(s));
            if (victim is null)
            {
                break;
            }

            try
            {
                File.Delete(victim.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Could not delete spooled segment {File}: {Reason}", victim.Path, e.Message);
            }

            _pending.Remove(victim);
            _pendingBytes -= victim.Bytes;
            dropped.Add(victim);
        }

        return dropped;
    }

    private void ReportDropped(List<SpooledSegment> dropped)
    {
        if (dropped.Count == 0)
        {
            return;
        }

        var bytes = dropped.Sum(s => s.Bytes);
        _logger.LogWarning(
            "Upload spool full (bound {MaxMiB:0} MiB): deleted {Count} unuploaded segment(s), {MiB:0.0} MiB, oldest first, from {From:O} to {To:O} ({Cameras})",
            _maxBytes / 1048576.0, dropped.Count, bytes / 1048576.0,
            dropped.Min(s => s.Start).UtcDateTime, dropped.Max(s => s.End).UtcDateTime, string.Join(", ", dropped.Select(s => s.Camera).Distinct().Take(8)));
        _health?.SpoolDropped(dropped.Count, bytes);
    }

    /// <summary>Under the lock.</summary>
    private void Changed()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
