namespace CameraBeheer.Edge.Tests.Video;

/// <summary>The motion core on synthetic 20×10 frames at 4 frames a second (0.25 s apart), default thresholds.</summary>
public sealed class RegionMotionTrackerTests
{
    private const int Width = 20, Height = 10;

    private static MotionDetectorOptions Options() => new() { FrameWidth = Width, FrameHeight = Height, FramesPerSecond = 4 };

    [Fact]
    public void Pixel_counts_as_changed_only_when_it_differs_by_more_than_the_pixel_threshold()
    {
        var tracker = new RegionMotionTracker("cam-01", [], Options());
        tracker.Process(Frame(100), At(0));

        var next = Frame(100);
        Paint(next, 0, 0, 10, 1, 125); // 10 pixels differ by exactly the threshold (25): unchanged
        Paint(next, 0, 1, 4, 1, 126);  // 4 pixels differ by 26: changed
        tracker.Process(next, At(0.25));

        Assert.Equal(4.0 / (Width * Height), tracker.Score(0), 9);
    }

    [Fact]
    public void Score_is_the_fraction_of_the_regions_own_pixels_that_changed()
    {
        var left = Region.Rectangle("left", 0, 0, 0.5, 1); // 10×10 = 100 pixels
        var tracker = new RegionMotionTracker("cam-01", [left], Options());
        tracker.Process(Frame(0), At(0));

        var next = Frame(0);
        Paint(next, 0, 0, 10, 1, 255);  // 10 inside
        Paint(next, 10, 0, 10, 5, 255); // 50 outside
        tracker.Process(next, At(0.25));

        Assert.Equal(100, tracker.PixelCount(0));
        Assert.Equal(0.10, tracker.Score(0), 9);
    }

    [Fact]
    public void Motion_shorter_than_the_minimum_duration_does_not_start()
    {
        var feed = new Feed(new RegionMotionTracker("cam-01", [], Options()));
        feed.Still(1);
        feed.Moving(0.5);  // frames at 1.00 and 1.25: 0.25 s over the threshold, less than 0.5 s
        feed.Still(3);

        Assert.Empty(feed.Events);
    }

    [Fact]
    public void Motion_that_lasts_the_minimum_duration_starts_at_its_first_frame()
    {
        var feed = new Feed(new RegionMotionTracker("cam-01", [], Options()));
        feed.Still(1);
        feed.Moving(0.75); // frames at 1.00, 1.25, 1.50: confirmed at 1.50

        var start = Assert.Single(feed.Events);
        Assert.Equal(MotionPhase.Start, start.Phase);
        Assert.Equal(At(1), start.Ts);
        Assert.Null(start.Region);
        Assert.Equal("cam-01", start.Camera);
        Assert.True(start.Score >= 0.02, $"score {start.Score}");
    }

    [Fact]
    public void Score_between_the_end_and_start_thresholds_keeps_motion_going_until_quiet_for_the_hold_time()
    {
        var feed = new Feed(new RegionMotionTracker("cam-01", [], Options()));
        feed.Still(1);
        feed.Moving(1);             // start at 1.0
        feed.Moving(5, pixels: 3);  // 3 of 200 pixels: 0.015, under the start but over the end threshold
        feed.Still(1.75);           // quiet from 7.0, less than the 2 s hold
        Assert.DoesNotContain(feed.Events, e => e.Phase == MotionPhase.End);

        feed.Still(1);              // quiet from 7.0 until 9.0 and on: ends
        var end = Assert.Single(feed.Events, e => e.Phase == MotionPhase.End);
        Assert.Equal(At(7), end.Ts);
        Assert.Equal(MotionPhase.Start, feed.Events[0].Phase);
        Assert.Equal(At(1), feed.Events[0].Ts);
    }

    [Fact]
    public void A_pause_shorter_than_the_hold_time_does_not_end_motion()
    {
        var feed = new Feed(new RegionMotionTracker("cam-01", [], Options()));
        feed.Moving(2);
        feed.Still(1.5);
        feed.Moving(2);
        feed.Still(3);

        Assert.Equal(1, feed.Events.Count(e => e.Phase == MotionPhase.Start));
        Assert.Equal(1, feed.Events.Count(e => e.Phase == MotionPhase.End));
        Assert.Equal(MotionPhase.End, feed.Events[^1].Phase);
    }

    [Fact]
    public void Updates_come_at_most_once_a_second_while_motion_lasts()
    {
        var feed = new Feed(new RegionMotionTracker("cam-01", [], Options()));
        feed.Still(0.5);
        feed.Moving(8);
        feed.Still(3);

        var phases = feed.Events.Select(e => e.Phase).ToList();
        Assert.Equal(MotionPhase.Start, phases[0]);
        Assert.Equal(MotionPhase.End, phases[^1]);
        var updates = feed.Events.Where(e => e.Phase == MotionPhase.Update).ToList();
        Assert.InRange(updates.Count, 6, 7);
        for (var i = 1; i < feed.Events.Count - 1; i++)
            Assert.True(feed.Events[i].Ts - feed.Events[i - 1].Ts >= TimeSpan.FromSeconds(1), $"events {i - 1} and {i} are {feed.Events[i].Ts - feed.Events[i - 1].Ts} apart");
        Assert.All(updates, u => Assert.True(u.Score >= 0.01));
    }

    [Fact]
    public void Pixel_belongs_to_a_polygon_region_when_its_centre_is_inside()
    {
        var triangle = Region.Parse("upper-left", "polygon:0,0 1,0 0,1");
        var tracker = new RegionMotionTracker("cam-01", [triangle], Options());

        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
                Assert.Equal(triangle.Contains((x + 0.5) / Width, (y + 0.5) / Height), tracker.CoversPixel(0, x, y));
        }
        Assert.True(tracker.CoversPixel(0, 0, 0));
        Assert.False(tracker.CoversPixel(0, Width - 1, Height - 1));
        Assert.True(tracker.CoversPixel(0, 9, 4));   // centre (0.475, 0.45): x + y < 1
        Assert.False(tracker.CoversPixel(0, 10, 5)); // centre (0.525, 0.55): x + y > 1

        // Motion in the lower-right corner is outside the triangle, in the upper-left corner inside.
        tracker.Process(Frame(0), At(0));
        var lowerRight = Frame(0);
        Paint(lowerRight, 15, 6, 5, 4, 255);
        tracker.Process(lowerRight, At(0.25));
        Assert.Equal(0, tracker.Score(0));

        var upperLeft = Frame(0);
        Paint(upperLeft, 0, 0, 5, 4, 255);
        tracker.Process(upperLeft, At(0.5));
        Assert.True(tracker.Score(0) >= 0.15, $"score {tracker.Score(0)}");
    }

    [Fact]
    public void Regions_are_scored_separately()
    {
        var left = Region.Rectangle("left", 0, 0, 0.5, 1);
        var right = Region.Rectangle("right", 0.5, 0, 0.5, 1);
        var feed = new Feed(new RegionMotionTracker("cam-01", [left, right], Options()));
        feed.Moving(3, x: 0);
        feed.Still(3);

        Assert.All(feed.Events, e => Assert.Equal("left", e.Region));
        Assert.Equal([MotionPhase.Start, MotionPhase.End], feed.Events.Where(e => e.Phase != MotionPhase.Update).Select(e => e.Phase));
    }

    [Fact]
    public void Dome_turning_to_another_preset_ends_motion_and_ignores_the_moving_image_while_it_settles()
    {
        var tracker = new RegionMotionTracker("dome-01", [], Options());
        var feed = new Feed(tracker) { Preset = 1 };
        feed.Moving(2);
        feed.Preset = 2;
        feed.Moving(1.75, pixels: 200, blockWidth: 20); // the whole image moves while the dome turns and settles (2 s)
        Assert.Equal([MotionPhase.Start, MotionPhase.Update, MotionPhase.End], feed.Events.Select(e => e.Phase));
        Assert.All(feed.Events, e => Assert.Equal(1, e.Preset));
        Assert.Equal(At(2), feed.Events[^1].Ts);

        feed.Still(1);
        feed.Moving(1);
        var start = feed.Events[^1];
        Assert.Equal(MotionPhase.Start, start.Phase);
        Assert.Equal(2, start.Preset);
    }

    [Fact]
    public void Finish_ends_motion_in_progress()
    {
        var tracker = new RegionMotionTracker("cam-01", [], Options());
        var feed = new Feed(tracker);
        feed.Moving(2);

        var end = Assert.Single(tracker.Finish(At(2)));

        Assert.Equal(MotionPhase.End, end.Phase);
        Assert.Equal(At(2), end.Ts);
    }

    [Fact]
    public void Frame_of_the_wrong_size_is_refused()
    {
        var tracker = new RegionMotionTracker("cam-01", [], Options());

        var error = Assert.Throws<ArgumentException>(() => tracker.Process(new byte[10], At(0)));

        Assert.StartsWith("a frame has 200 bytes (20×10 gray), not 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Updates_more_often_than_once_a_second_are_refused_by_the_options()
    {
        var error = Assert.Throws<ArgumentException>(() => new RegionMotionTracker("cam-01", [], new MotionDetectorOptions { UpdateInterval = TimeSpan.FromMilliseconds(500) }));

        Assert.Contains("UpdateInterval must be at least 1 second", error.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset At(double seconds) => TestVideo.StreamStart + TimeSpan.FromSeconds(seconds);

    private static byte[] Frame(byte value)
    {
        var frame = new byte[Width * Height];
        Array.Fill(frame, value);
        return frame;
    }

    private static void Paint(byte[] frame, int x, int y, int w, int h, byte value)
    {
        for (var row = y; row < y + h; row++)
            frame.AsSpan(row * Width + x, w).Fill(value);
    }

    /// <summary>Feeds frames 0.25 s apart and collects the events.</summary>
    private sealed class Feed(RegionMotionTracker tracker)
    {
        private byte[] _last = Frame(0);
        private int _frame;

        public List<MotionDetected> Events { get; } = [];

        public int? Preset { get; set; }

        private double Now => _frame * 0.25;

        /// <summary>Frames equal to the last one for <paramref name="seconds"/>: nothing changes.</summary>
        public void Still(double seconds)
        {
            for (var end = Now + seconds; Now < end - 1e-9;) Push((byte[])_last.Clone());
        }

        /// <summary>
        /// Frames for <paramref name="seconds"/> in each of which <paramref name="pixels"/> pixels (a block
        /// <paramref name="blockWidth"/> wide from column <paramref name="x"/>) flip between black and white.
        /// </summary>
        public void Moving(double seconds, int pixels = 20, int x = 0, int blockWidth = 5)
        {
            for (var end = Now + seconds; Now < end - 1e-9;)
            {
                var frame = (byte[])_last.Clone();
                for (var i = 0; i < pixels; i++)
                {
                    var index = i / blockWidth * Width + x + i % blockWidth;
                    frame[index] = (byte)(255 - frame[index]);
                }
                Push(frame);
            }
        }

        private void Push(byte[] frame)
        {
            Events.AddRange(tracker.Process(frame, At(Now), Preset));
            _last = frame;
            _frame++;
        }
    }
}
