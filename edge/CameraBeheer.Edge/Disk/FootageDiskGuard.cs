using CameraBeheer.Contracts.Mqtt;
using CameraBeheer.Edge.Messaging;
using CameraBeheer.Edge.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace CameraBeheer.Edge.Disk;

/// <summary>
/// The low-disk guard where footage is written at the edge. When free space drops below
/// <see cref="FootageDiskGuardOptions.MinimumFreeBytes"/> new footage is refused: the recorders stop ffmpeg (its current
/// segment is closed and handed over as usual) and start no new one. Recording resumes once
/// <see cref="FootageDiskGuardOptions.ResumeFreeBytes"/> are free (hysteresis, so it does not flap around the minimum).
/// Each change is logged once and published in the agent status (<c>disk</c>). Nothing is ever deleted to make room:
/// held or young footage is evidence, and what is due goes by the four-week rule alone.
/// </summary>
public sealed class FootageDiskGuard : BackgroundService, IFootageDisk
{
    private readonly FootageDiskGuardOptions _options;
    private readonly IFreeSpace _freeSpace;
    private readonly EdgeHealth? _health;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly string _folder;
    private TaskCompletionSource _allowed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _refusing;
    private DateTimeOffset? _since;
    private long _freeBytes = -1;

    public FootageDiskGuard(FootageDiskGuardOptions options, IFreeSpace? freeSpace = null, EdgeHealth? health = null,
        ILogger<FootageDiskGuard>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Folder);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinimumFreeBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ResumeFreeBytes, options.MinimumFreeBytes);
        _options = options;
        _freeSpace = freeSpace ?? new DriveFreeSpace();
        _health = health;
        _logger = logger ?? NullLogger<FootageDiskGuard>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _folder = Path.GetFullPath(options.Folder);
        _allowed.TrySetResult();
        Check();
        if (_health is not null)
        {
            _health.DiskFigures = () => Figures;
        }
    }

    public bool RefusingFootage
    {
        get
        {
            lock (_lock)
            {
                return _refusing;
            }
        }
    }

    /// <summary>The figures of the agent status's <c>disk</c>.</summary>
    public AgentDiskFigures Figures
    {
        get
        {
            lock (_lock)
            {
                return new AgentDiskFigures(_folder, _freeBytes, _options.MinimumFreeBytes, _refusing, _since);
            }
        }
    }

    public Task WhenFootageAllowedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _allowed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Measures free space now and refuses or allows footage accordingly; returns whether footage is refused.</summary>
    public bool Check()
    {
        long free;
        try
        {
            Directory.CreateDirectory(_folder);
            free = _freeSpace.AvailableBytes(_folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not knowing is not a reason to stop recording: the write itself fails if the disk is really full.
            _logger.LogWarning("Could not measure the free space of {Folder}: {Reason}", _folder, e.Message);
            return RefusingFootage;
        }

        bool changed;
        bool refusing;
        lock (_lock)
        {
            _freeBytes = free;
            var wasRefusing = _refusing;
            if (!_refusing && _options.MinimumFreeBytes > 0 && free < _options.MinimumFreeBytes)
            {
                _refusing = true;
                _since = _time.GetUtcNow();
                _allowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (_refusing && (free >= _options.ResumeFreeBytes || _options.MinimumFreeBytes == 0))
            {
                _refusing = false;
                _since = null;
                _allowed.TrySetResult();
            }

            changed = wasRefusing != _refusing;
            refusing = _refusing;
        }

        if (changed)
        {
            if (refusing)
            {
                _logger.LogError(
                    "Footage disk low: {Free:0.0} MiB free in {Folder}, below the minimum of {Minimum:0.0} MiB (Edge:Disk:MinimumFreeMiB): new footage is refused until {Resume:0.0} MiB are free; nothing is deleted to make room",
                    free / 1048576.0, _folder, _options.MinimumFreeBytes / 1048576.0, _options.ResumeFreeBytes / 1048576.0);
            }
            else
            {
                _logger.LogWarning("Footage disk has room again: {Free:0.0} MiB free in {Folder}; recording resumes", free / 1048576.0, _folder);
            }

            _health?.DiskChanged();
        }

        return refusing;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.CheckInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Check();
        }
    }
}
