using System.Numerics;

namespace CameraBeheer.Edge.Video;

/// <summary>The phases of a motion event (contract v1: <c>start</c>, <c>update</c>, <c>end</c>).</summary>
public enum MotionPhase
{
    Start,
    Update,
    End,
}

/// <summary>Motion in one region of a camera's image.</summary>
/// <param name="Camera">The camera id.</param>
/// <param name="Region">The region's name; null when the camera has no regions and the whole image is watched (a dome).</param>
/// <param name="Phase">Start, update (at most once a second while motion lasts) or end.</param>
/// <param name="Score">Fraction (0..1) of the region's pixels that changed: for start the highest while motion was being confirmed,
/// for update the highest since the previous event, for end the highest of the whole episode.</param>
/// <param name="Ts">When: for start the first frame over the start threshold, for end the first frame of the quiet that ended it.</param>
/// <param name="Preset">The dome's preset the motion was seen at; null for a fixed camera.</param>
public sealed record MotionDetected(string Camera, string? Region, MotionPhase Phase, double Score, DateTimeOffset Ts, int? Preset);

/// <summary>
/// The pure core of motion detection: fed grayscale frames with their times, it differences each frame against the
/// previous one per region and turns the scores into start/update/end events with hysteresis. No I/O, no clock.
/// </summary>
/// <remarks>
/// A region's score is the fraction of its pixels whose brightness changed by more than the pixel threshold. Motion
/// starts once the score has stayed at or above the start threshold for the minimum duration, and ends once it has
/// stayed below the end threshold for the hold time; while it lasts an update follows at most every update interval.
/// When a dome's preset changes, motion in progress ends and the moving image is ignored for the settle time.
/// Allocation-free per frame once constructed (except for the events themselves).
/// </remarks>
public sealed class RegionMotionTracker
{
    private readonly MotionDetectorOptions _options;
    private readonly RegionState[] _regions;
    private readonly byte[] _reference;
    private readonly List<MotionDetected> _events = [];
    private bool _hasReference;
    private bool _hasPreset;
    private int? _preset;
    private DateTimeOffset _settleUntil = DateTimeOffset.MinValue;

    /// <param name="camera">The camera id the events carry.</param>
    /// <param name="regions">The regions to watch; none means the whole image (events without a region name).</param>
    /// <param name="options">Frame size, thresholds and timing; validated here.</param>
    /// <exception cref="RegionFormatException">A region covers no pixel of the analysis frame.</exception>
    public RegionMotionTracker(string camera, IReadOnlyList<Region> regions, MotionDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var duplicate = regions.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new RegionFormatException(duplicate.Key, "the region is configured more than once for this camera");
        Camera = camera;
        _options = options;
        FrameWidth = options.FrameWidth;
        FrameHeight = options.FrameHeight;
        _reference = new byte[FrameSize];
        _regions = regions.Count == 0
            ? [new RegionState(null, WholeFrame(FrameWidth, FrameHeight))]
            : [.. regions.Select(r => new RegionState(r.Name, Rasterise(r, FrameWidth, FrameHeight)))];
        foreach (var region in _regions)
        {
            if (region.PixelCount == 0)
                throw new RegionFormatException(region.Name!, $"it covers no pixel of the {FrameWidth}×{FrameHeight} analysis frame; make it larger");
        }
    }

    public string Camera { get; }

    public int FrameWidth { get; }

    public int FrameHeight { get; }

    /// <summary>Bytes in one frame: one gray byte per pixel, row after row.</summary>
    public int FrameSize => FrameWidth * FrameHeight;

    /// <summary>The names of the watched regions, in order (a single null for the whole image).</summary>
    public IReadOnlyList<string?> RegionNames => [.. _regions.Select(r => r.Name)];

    /// <summary>The score of each region in the last frame analysed, in the order of <see cref="RegionNames"/>.</summary>
    public double Score(int region) => _regions[region].LastScore;

    /// <summary>How many pixels of the analysis frame belong to each region.</summary>
    public int PixelCount(int region) => _regions[region].PixelCount;

    /// <summary>True when the pixel at column <paramref name="x"/>, row <paramref name="y"/> of the analysis frame belongs to <paramref name="region"/>.</summary>
    public bool CoversPixel(int region, int x, int y)
    {
        var spans = _regions[region].Spans;
        var offset = y * FrameWidth + x;
        for (var i = 0; i < spans.Length; i += 2)
        {
            if (offset >= spans[i] && offset < spans[i] + spans[i + 1]) return true;
        }
        return false;
    }

    /// <summary>
    /// Analyses one frame taken at <paramref name="ts"/> (with the dome's current <paramref name="preset"/>). Returns the
    /// events it causes, in a list that is reused: read it before the next call.
    /// </summary>
    public IReadOnlyList<MotionDetected> Process(ReadOnlySpan<byte> frame, DateTimeOffset ts, int? preset = null)
    {
        if (frame.Length != FrameSize) throw new ArgumentException($"a frame has {FrameSize} bytes ({FrameWidth}×{FrameHeight} gray), not {frame.Length}", nameof(frame));
        _events.Clear();

        if (_hasPreset && preset != _preset)
        {
            // The dome turned: what was moving was seen at the old preset, and the whole image moves while it turns.
            EndAll(ts);
            _hasReference = false;
            _settleUntil = ts + _options.PresetSettleTime;
        }
        _preset = preset;
        _hasPreset = true;

        if (!_hasReference || ts < _settleUntil)
        {
            frame.CopyTo(_reference);
            _hasReference = true;
            foreach (var region in _regions) region.LastScore = 0;
            return _events;
        }

        var threshold = (byte)_options.PixelThreshold;
        foreach (var region in _regions)
        {
            var changed = 0;
            var spans = region.Spans;
            for (var i = 0; i < spans.Length; i += 2)
                changed += CountChanged(frame.Slice(spans[i], spans[i + 1]), _reference.AsSpan(spans[i], spans[i + 1]), threshold);
            var score = (double)changed / region.PixelCount;
            region.LastScore = score;
            Step(region, score, ts, preset);
        }
        frame.CopyTo(_reference);
        return _events;
    }

    /// <summary>Ends motion in progress (the stream ended or ffmpeg died) and forgets the reference frame.</summary>
    public IReadOnlyList<MotionDetected> Finish(DateTimeOffset ts)
    {
        _events.Clear();
        EndAll(ts);
        _hasReference = false;
        _hasPreset = false;
        _settleUntil = DateTimeOffset.MinValue;
        return _events;
    }

    private void Step(RegionState region, double score, DateTimeOffset ts, int? preset)
    {
        if (!region.Active)
        {
            if (score < _options.StartScore)
            {
                region.CandidateSince = null;
                return;
            }
            if (region.CandidateSince is not { } since)
            {
                region.CandidateSince = since = ts;
                region.CandidatePeak = 0;
            }
            region.CandidatePeak = Math.Max(region.CandidatePeak, score);
            if (ts - since < _options.MinimumDuration) return;

            region.Active = true;
            region.CandidateSince = null;
            region.QuietSince = null;
            region.Preset = preset;
            region.EpisodePeak = region.CandidatePeak;
            region.PeakSinceEvent = 0;
            region.LastEventAt = ts;
            _events.Add(new MotionDetected(Camera, region.Name, MotionPhase.Start, region.CandidatePeak, since, preset));
            return;
        }

        region.EpisodePeak = Math.Max(region.EpisodePeak, score);
        region.PeakSinceEvent = Math.Max(region.PeakSinceEvent, score);
        if (score < _options.EndScore)
        {
            region.QuietSince ??= ts;
            if (ts - region.QuietSince.Value >= _options.HoldTime) End(region, region.QuietSince.Value);
            return;
        }

        region.QuietSince = null;
        if (ts - region.LastEventAt >= _options.UpdateInterval)
        {
            _events.Add(new MotionDetected(Camera, region.Name, MotionPhase.Update, region.PeakSinceEvent, ts, region.Preset));
            region.LastEventAt = ts;
            region.PeakSinceEvent = 0;
        }
    }

    private void EndAll(DateTimeOffset ts)
    {
        foreach (var region in _regions)
        {
            if (region.Active) End(region, region.QuietSince ?? ts);
            region.CandidateSince = null;
            region.LastScore = 0;
        }
    }

    private void End(RegionState region, DateTimeOffset ts)
    {
        _events.Add(new MotionDetected(Camera, region.Name, MotionPhase.End, region.EpisodePeak, ts, region.Preset));
        region.Active = false;
        region.QuietSince = null;
        region.CandidateSince = null;
    }

    /// <summary>Pixels whose absolute difference exceeds <paramref name="threshold"/>, a vector at a time.</summary>
    private static int CountChanged(ReadOnlySpan<byte> current, ReadOnlySpan<byte> previous, byte threshold)
    {
        var count = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && current.Length >= Vector<byte>.Count)
        {
            var limit = new Vector<byte>(threshold);
            var one = Vector<byte>.One;
            for (; i <= current.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var a = new Vector<byte>(current[i..]);
                var b = new Vector<byte>(previous[i..]);
                var difference = Vector.Max(a, b) - Vector.Min(a, b);
                count += Vector.Sum(Vector.GreaterThan(difference, limit) & one);
            }
        }
        for (; i < current.Length; i++)
        {
            if (Math.Abs(current[i] - previous[i]) > threshold) count++;
        }
        return count;
    }

    /// <summary>The pixels whose centres lie inside the region, as (start offset, length) runs per row.</summary>
    private static int[] Rasterise(Region region, int width, int height)
    {
        var runs = new List<int>();
        var crossings = new List<double>();
        for (var y = 0; y < height; y++)
        {
            region.Crossings((y + 0.5) / height, crossings);
            for (var k = 0; k + 1 < crossings.Count; k += 2)
            {
                // Pixel x is inside when its centre (x + 0.5) / width lies in [enter, leave).
                var first = Math.Max(0, (int)Math.Ceiling(crossings[k] * width - 0.5));
                var last = Math.Min(width, (int)Math.Ceiling(crossings[k + 1] * width - 0.5));
                if (last <= first) continue;
                runs.Add(y * width + first);
                runs.Add(last - first);
            }
        }
        return [.. runs];
    }

    private static int[] WholeFrame(int width, int height) => [0, width * height];

    private sealed class RegionState(string? name, int[] spans)
    {
        public string? Name { get; } = name;
        public int[] Spans { get; } = spans;
        public int PixelCount { get; } = CountPixels(spans);
        public double LastScore { get; set; }
        public bool Active { get; set; }
        public DateTimeOffset? CandidateSince { get; set; }
        public double CandidatePeak { get; set; }
        public DateTimeOffset? QuietSince { get; set; }
        public DateTimeOffset LastEventAt { get; set; }
        public double PeakSinceEvent { get; set; }
        public double EpisodePeak { get; set; }
        public int? Preset { get; set; }

        private static int CountPixels(int[] spans)
        {
            var count = 0;
            for (var i = 1; i < spans.Length; i += 2) count += spans[i];
            return count;
        }
    }
}
