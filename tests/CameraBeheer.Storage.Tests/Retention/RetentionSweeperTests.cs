using System.Text.Json;
using static CameraBeheer.Storage.Tests.Retention.Layout;

namespace CameraBeheer.Storage.Tests.Retention;

/// <summary>
/// The four-week rule as the sweeper applies it to what is in the store, run against every store
/// (<see cref="LocalDiskRetentionSweeperTests"/>, <see cref="AzureRetentionSweeperTests"/>, <see cref="InMemoryRetentionSweeperTests"/>).
/// "Now" is a <see cref="FakeTimeProvider"/>; segments last 10 s, and the sweeper, which cannot see a segment's length,
/// bounds its end at start + <see cref="RetentionPolicy.MaxItemDuration"/> (a minute by default).
/// </summary>
public abstract class RetentionSweeperTests : StorePerTest
{
    private static readonly TimeSpan FourWeeks = TimeSpan.FromDays(28);
    private static readonly RetentionPolicy Policy = RetentionPolicy.FourWeeks;

    /// <summary>Segments that really last 10 s, and a sweeper told so: what a hold keeps is then exact to the second.</summary>
    private static readonly RetentionPolicy TenSecondSegments = new(FourWeeks, SegmentLength);

    protected FakeTimeProvider Clock { get; } = new(Utc(2026, 1, 1));

    // ---------------------------------------------------------------- the boundary

    [Fact]
    public async Task A_segment_that_ended_28_days_minus_one_second_ago_stays_while_older_ones_in_its_hour_bucket_go()
    {
        var now = Utc(2026, 10, 29, 10, 20);
        Clock.SetUtcNow(now);
        // All three are filed under 10:00 on 1 October, the bucket the cutoff (10:20:00) falls in: decided one by one.
        var staying = await PutSegmentEndingAsync("cam-01", now - FourWeeks + TimeSpan.FromSeconds(1));
        var justOverAMinute = await PutSegmentEndingAsync("cam-01", now - FourWeeks - TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        var fifteenMinutes = await PutSegmentEndingAsync("cam-01", now - FourWeeks - TimeSpan.FromMinutes(15));

        var result = await SweepAsync();

        Assert.Equal([staying], await FootageAsync());
        Assert.Equal(2, result.ObjectsDeleted);
        Assert.DoesNotContain(justOverAMinute, await FootageAsync());
        Assert.DoesNotContain(fifteenMinutes, await FootageAsync());
    }

    [Fact]
    public async Task A_segment_that_ended_28_days_and_15_minutes_ago_is_gone_after_a_sweep()
    {
        var now = Utc(2026, 10, 29, 10, 20);
        Clock.SetUtcNow(now);
        var name = await PutSegmentEndingAsync("cam-01", now - FourWeeks - TimeSpan.FromMinutes(15));

        await SweepAsync();

        Assert.DoesNotContain(name, await FootageAsync());
    }

    [Fact]
    public async Task A_segment_that_ended_28_days_1_minute_and_a_moment_ago_is_gone_after_a_sweep()
    {
        var now = Utc(2026, 10, 29, 10, 20, 7);
        Clock.SetUtcNow(now);
        var name = await PutSegmentEndingAsync("cam-01", now - FourWeeks - TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));

        await SweepAsync();

        Assert.DoesNotContain(name, await FootageAsync());
    }

    [Fact]
    public async Task A_segment_that_ended_exactly_28_days_ago_is_gone_within_15_minutes_when_sweeps_run_every_5_minutes()
    {
        var start = Utc(2026, 10, 29, 10, 20, 13);
        Clock.SetUtcNow(start);
        var end = start - FourWeeks;
        var name = await PutSegmentEndingAsync("cam-01", end);

        DateTimeOffset? goneAt = null;
        for (var sweep = 0; sweep <= 3 && goneAt is null; sweep++)
        {
            Clock.SetUtcNow(start + (sweep * TimeSpan.FromMinutes(5)));
            await SweepAsync();
            if (!(await FootageAsync()).Contains(name))
                goneAt = Clock.GetUtcNow();
        }

        Assert.NotNull(goneAt);
        Assert.InRange(goneAt.Value, end + FourWeeks, Policy.DeletionDeadline(end));
    }

    // ---------------------------------------------------------------- hour buckets

    [Fact]
    public async Task Whole_expired_hour_buckets_are_deleted_with_their_folders_and_newer_buckets_are_untouched()
    {
        Clock.SetUtcNow(Utc(2026, 10, 29, 0, 20)); // cutoff 1 October 00:20: September's last hours have expired
        var starts = SixHoursAroundTheCutoff();
        await PutSegmentsAsync("cam-01", starts);
        var before = await SnapshotAsync();

        var result = await SweepAsync();

        Assert.Empty(await FoldersAsync($"footage/{Site}/cam-01/2026/09/"));
        Assert.Equal([$"footage/{Site}/cam-01/2026/10/"], await FoldersAsync($"footage/{Site}/cam-01/2026/"));
        Assert.Equal(
            [HourFolder("cam-01", Utc(2026, 10, 1, 0)), HourFolder("cam-01", Utc(2026, 10, 1, 1)), HourFolder("cam-01", Utc(2026, 10, 1, 2))],
            await FoldersAsync($"footage/{Site}/cam-01/2026/10/01/"));
        var after = await SnapshotAsync();
        foreach (var (name, blob) in before.Where(b => b.Key.StartsWith(HourFolder("cam-01", Utc(2026, 10, 1, 1)), StringComparison.Ordinal)
                                                     || b.Key.StartsWith(HourFolder("cam-01", Utc(2026, 10, 1, 2)), StringComparison.Ordinal)))
        {
            Assert.Equal(blob.ETag, after[name].ETag);
        }
        Assert.Equal(18 + 20, result.ObjectsDeleted); // three whole hours, and 00:00–00:19 of the boundary hour
        Assert.Equal(ExpectedFootage("cam-01", starts, Policy), await FootageAsync());
    }

    [Fact]
    public async Task Only_the_boundary_bucket_is_looked_inside_and_only_its_expired_segments_go()
    {
        Clock.SetUtcNow(Utc(2026, 10, 29, 0, 20));
        await PutSegmentsAsync("cam-01", SixHoursAroundTheCutoff());
        var recording = new RecordingBlobStore(Store);

        await new RetentionSweeper(recording, Clock, NullLogger<RetentionSweeper>.Instance).SweepAsync(Site, Policy, [], Ct);

        var footageListings = recording.Listed.Where(p => p.StartsWith("footage/", StringComparison.Ordinal)).ToList();
        // Expired hours are listed only to name their objects in the receipt and delete them; newer hours not at all.
        Assert.Equal(
            [
                HourFolder("cam-01", Utc(2026, 9, 30, 21)), HourFolder("cam-01", Utc(2026, 9, 30, 22)),
                HourFolder("cam-01", Utc(2026, 9, 30, 23)), HourFolder("cam-01", Utc(2026, 10, 1, 0)),
            ],
            footageListings);
        Assert.DoesNotContain(recording.Read, n => n.StartsWith("footage/", StringComparison.Ordinal));
        var boundary = (await FootageAsync()).Where(n => n.StartsWith(HourFolder("cam-01", Utc(2026, 10, 1, 0)), StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [.. Starts(Utc(2026, 10, 1, 0, 20), Utc(2026, 10, 1, 1), TimeSpan.FromMinutes(1)).Select(s => Segment("cam-01", s))],
            boundary);
    }

    // ---------------------------------------------------------------- event logs

    [Theory]
    [InlineData("cam-01")]
    [InlineData("gates/hoofdingang")]
    public async Task An_expired_event_log_hour_goes_whole_and_the_boundary_hour_keeps_only_the_lines_that_may_stay(string source)
    {
        var now = Utc(2026, 10, 29, 0, 20);
        Clock.SetUtcNow(now);
        var cutoff = now - FourWeeks;
        var times = Starts(Utc(2026, 9, 30, 22, 0, 30), Utc(2026, 10, 1, 2), TimeSpan.FromMinutes(1))
            .Append(cutoff) // ended exactly 28 days ago: expired
            .Append(cutoff + TimeSpan.FromSeconds(1)) // 28 days minus a second ago: stays
            .Order()
            .ToList();
        await AppendEventsAsync(source, times);
        var newer = await Store.GetAsync(EventFile(source, Utc(2026, 10, 1, 1)), Ct);
        var boundaryBefore = await Store.GetAsync(EventFile(source, Utc(2026, 10, 1, 0)), Ct);

        var result = await SweepAsync();

        Assert.Null(await Store.GetAsync(EventFile(source, Utc(2026, 9, 30, 22)), Ct));
        Assert.Null(await Store.GetAsync(EventFile(source, Utc(2026, 9, 30, 23)), Ct));
        Assert.Empty(await FoldersAsync($"events/{Site}/{source}/2026/09/"));
        Assert.Equal(
            [.. times.Where(t => t > cutoff && t < Utc(2026, 10, 1, 1))],
            await EventTimesAsync(EventFile(source, Utc(2026, 10, 1, 0))));
        Assert.Equal(newer!.ETag, (await Store.GetAsync(EventFile(source, Utc(2026, 10, 1, 1)), Ct))!.ETag);
        var removedLines = times.Count(t => t >= Utc(2026, 10, 1, 0) && t <= cutoff);
        Assert.Equal(21, removedLines); // 00:00:30 … 00:19:30, and the line at 00:20:00 exactly
        Assert.Equal(removedLines, result.EventLinesDeleted);
        var lines = Assert.Single(await ReceiptsAsync(), r => r.Kind == "event-lines");
        Assert.Equal(removedLines, lines.Count);
        Assert.Equal([EventFile(source, Utc(2026, 10, 1, 0))], lines.Objects);
        Assert.Equal(source[(source.LastIndexOf('/') + 1)..], lines.Source);
        var boundaryAfter = await Store.GetAsync(EventFile(source, Utc(2026, 10, 1, 0)), Ct);
        Assert.Equal(boundaryBefore!.Content.Length - boundaryAfter!.Content.Length, lines.Bytes);
    }

    [Fact]
    public async Task Event_lines_without_a_readable_time_stay_until_their_whole_hour_goes_and_do_not_stop_the_sweep()
    {
        Clock.SetUtcNow(Utc(2026, 10, 29, 0, 20));
        var boundary = EventFile("cam-01", Utc(2026, 10, 1, 0));
        await AppendEventsAsync("cam-01", [Utc(2026, 10, 1, 0, 5), Utc(2026, 10, 1, 0, 30)]);
        string[] undated = ["{\"id\":\"a\",\"ts\":12}", "[1,2]", "\"just text\"", "{\"id\":\"b\",\"ts\":\"yesterday\"}", "{\"id\":\"torn"];
        await Store.AppendAsync(boundary, Encoding.UTF8.GetBytes(string.Join('\n', undated) + "\n"), Ct);
        await AppendEventsAsync("gates/hoofdingang", [Utc(2026, 9, 30, 10, 5)]); // swept after cam-01

        await SweepAsync();

        var lines = Encoding.UTF8.GetString((await Store.GetAsync(boundary, Ct))!.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(undated.Length + 1, lines.Length); // 00:05 went, 00:30 and the undated lines stay
        Assert.Equal(undated, lines[1..]);
        Assert.Null(await Store.GetAsync(EventFile("gates/hoofdingang", Utc(2026, 9, 30, 10)), Ct));

        Clock.Advance(TimeSpan.FromHours(1));
        await SweepAsync();

        Assert.Null(await Store.GetAsync(boundary, Ct));
    }

    // ---------------------------------------------------------------- dead letters

    [Fact]
    public async Task A_day_of_dead_letters_goes_once_its_last_letter_is_28_days_old_with_a_receipt()
    {
        var now = Utc(2026, 10, 29, 10, 20);
        Clock.SetUtcNow(now);
        // 30 September ended 28 days 10 h ago: gone. 1 October holds letters until 23:59:59, younger than 28 days: stays.
        var old = DeadLetterLayout.DayFile(Utc(2026, 9, 30, 12));
        var young = DeadLetterLayout.DayFile(Utc(2026, 10, 1, 8));
        var letter = Encoding.UTF8.GetBytes("{\"reason\":\"invalid-field\",\"excerpt\":\"badge 4711\"}\n");
        await Store.AppendAsync(old, letter, Ct);
        await Store.AppendAsync(young, letter, Ct);
        await Store.PutAsync("deadletter/2026/09/notes.txt", "not ours"u8.ToArray(), BlobCondition.None, Ct);

        var result = await SweepAsync();

        Assert.Equal("deadletter/2026/09/30.jsonl", old);
        Assert.Null(await Store.GetAsync(old, Ct));
        Assert.NotNull(await Store.GetAsync(young, Ct));
        Assert.NotNull(await Store.GetAsync("deadletter/2026/09/notes.txt", Ct));
        Assert.Equal(1, result.ObjectsDeleted);
        var receipt = Assert.Single(await ReceiptLine.ReadAllAsync(Store, Site, Ct));
        Assert.Equal("dead-letters", receipt.Kind);
        Assert.Equal([old], receipt.Objects);
        Assert.Equal(Utc(2026, 9, 30), receipt.Bucket);
    }

    // ---------------------------------------------------------------- legal holds

    [Fact]
    public async Task A_hold_over_part_of_an_hour_keeps_exactly_the_overlapping_segments_and_event_lines_until_it_is_released()
    {
        var now = Utc(2026, 10, 8, 14);
        Clock.SetUtcNow(now);
        var hour = Utc(2026, 9, 10, 10); // long expired
        var starts = AroundTheHold(hour).Concat(Starts(hour.AddHours(1), hour.AddHours(2), TimeSpan.FromMinutes(5))).ToList();
        await PutSegmentsAsync("cam-01", starts);
        await AppendEventsAsync("cam-01", Starts(hour.AddSeconds(30), hour.AddHours(1), TimeSpan.FromMinutes(1)));
        var hold = TestHolds.Place(["cam-01"], hour.AddMinutes(20).AddSeconds(5), hour.AddMinutes(30), now.AddDays(-1), now.AddDays(30));

        var held = await SweepAsync([hold], TenSecondSegments);

        // [start, start + 10 s) overlaps [10:20:05, 10:30:00): the segments starting 10:20:00 … 10:29:50.
        var overlapping = starts.Where(s => s < hold.To && s + SegmentLength > hold.From).ToList();
        Assert.Equal(60, overlapping.Count);
        Assert.Equal([.. overlapping.Select(s => Segment("cam-01", s))], await FootageAsync());
        Assert.Equal(
            [.. Starts(hour.AddMinutes(20).AddSeconds(30), hour.AddMinutes(30), TimeSpan.FromMinutes(1))],
            await EventTimesAsync(EventFile("cam-01", hour)));
        Assert.Equal(60 + 10, held.KeptForHolds);

        Clock.Advance(TimeSpan.FromHours(1));
        var released = hold.Release("M. Jansen", "De zaak is gesloten", Clock.GetUtcNow());
        await SweepAsync([released], TenSecondSegments);

        Assert.Empty(await FootageAsync());
        Assert.Null(await Store.GetAsync(EventFile("cam-01", hour), Ct));
        Assert.Empty(await FoldersAsync($"footage/{Site}/"));
    }

    [Fact]
    public async Task With_segments_bounded_at_a_minute_a_hold_keeps_the_overlapping_segments_and_nothing_from_more_than_a_minute_before_it()
    {
        var now = Utc(2026, 10, 8, 14);
        Clock.SetUtcNow(now);
        var hour = Utc(2026, 9, 10, 10);
        var starts = AroundTheHold(hour);
        await PutSegmentsAsync("cam-01", starts);
        var hold = TestHolds.Place(["cam-01"], hour.AddMinutes(20).AddSeconds(5), hour.AddMinutes(30), now.AddDays(-1), now.AddDays(30));

        await SweepAsync([hold]);

        var kept = (await FootageAsync()).ToHashSet();
        foreach (var start in starts.Where(s => s < hold.To && s + SegmentLength > hold.From))
            Assert.Contains(Segment("cam-01", start), kept);
        foreach (var start in starts.Where(s => kept.Contains(Segment("cam-01", s))))
            Assert.InRange(start, hold.From - Policy.MaxItemDuration, hold.To);
    }

    [Fact]
    public async Task A_hold_on_cam_01_does_not_keep_the_footage_of_cam_02()
    {
        var now = Utc(2026, 10, 8, 14);
        Clock.SetUtcNow(now);
        var hour = Utc(2026, 9, 10, 10);
        var starts = Starts(hour, hour.AddHours(1), TimeSpan.FromMinutes(1)).ToList();
        await PutSegmentsAsync("cam-01", starts);
        await PutSegmentsAsync("cam-02", starts);
        await AppendEventsAsync("cam-02", starts);
        var hold = TestHolds.Place(["cam-01"], hour, hour.AddHours(1), now.AddDays(-1), now.AddDays(30));

        await SweepAsync([hold]);

        Assert.Equal([.. starts.Select(s => Segment("cam-01", s))], await FootageAsync());
        Assert.Empty(await FoldersAsync($"events/{Site}/"));
    }

    [Fact]
    public async Task A_preservation_order_protects_nothing_from_the_moment_it_expires()
    {
        var now = Utc(2026, 10, 8, 14);
        Clock.SetUtcNow(now);
        var hour = Utc(2026, 9, 10, 10);
        var starts = Starts(hour, hour.AddHours(1), TimeSpan.FromMinutes(1)).ToList();
        await PutSegmentsAsync("cam-01", starts);
        var order = TestHolds.Place(["cam-01"], hour, hour.AddHours(1), now.AddDays(-80), now.AddHours(1), LegalHoldKind.PreservationOrder);

        await SweepAsync([order]);
        Assert.Equal(60, (await FootageAsync()).Count);

        Clock.SetUtcNow(order.Expires);
        await SweepAsync([order]);
        Assert.Empty(await FootageAsync());
    }

    // ---------------------------------------------------------------- daylight saving

    [Fact]
    public Task Footage_around_the_spring_change_of_2026_is_deleted_28_times_24_hours_after_it_ended() =>
        AssertDeletedExactlyFourWeeksAfterItEndedAsync(Utc(2026, 3, 29, 1)); // 02:00 CET becomes 03:00 CEST

    [Fact]
    public Task Footage_around_the_autumn_change_of_2026_is_deleted_28_times_24_hours_after_it_ended() =>
        AssertDeletedExactlyFourWeeksAfterItEndedAsync(Utc(2026, 10, 25, 1)); // 03:00 CEST becomes 02:00 CET

    /// <summary>
    /// Footage recorded over the week around a change (deleted four weeks later), and over the week four weeks before
    /// it (deleted during the week of the change), at local times that move against UTC; swept a second before each
    /// segment's 28 × 24 h are up and again just after: never early, never an hour late.
    /// </summary>
    private async Task AssertDeletedExactlyFourWeeksAfterItEndedAsync(DateTimeOffset change)
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var starts = new SortedSet<DateTimeOffset>();
        foreach (var around in new[] { change - FourWeeks, change })
        {
            var localDay = TimeZoneInfo.ConvertTime(around, amsterdam).Date;
            for (var day = -3; day <= 3; day++)
            {
                starts.Add(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(localDay.AddDays(day).AddHours(12), amsterdam)));
                if (Math.Abs(day) <= 1)
                    starts.Add(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(localDay.AddDays(day).AddMinutes(30), amsterdam)));
            }
            for (var minutes = -60; minutes <= 60; minutes += 30)
                starts.Add(around.AddMinutes(minutes));
        }
        await PutSegmentsAsync("cam-01", starts);

        var checks = starts
            .SelectMany(s => new[] { s + SegmentLength + FourWeeks - TimeSpan.FromSeconds(1), s + Policy.MaxItemDuration + FourWeeks })
            .Distinct()
            .Order()
            .ToList();
        var deletedAt = new Dictionary<DateTimeOffset, DateTimeOffset>();
        foreach (var now in checks)
        {
            Clock.SetUtcNow(now);
            await SweepAsync();
            var present = (await FootageAsync()).ToHashSet();
            foreach (var start in starts)
            {
                var end = start + SegmentLength;
                var name = Segment("cam-01", start);
                if (end + FourWeeks > now)
                    Assert.True(present.Contains(name), $"{name} (ended {end:O}) was deleted before its four weeks were up, at {now:O}");
                if (start + Policy.MaxItemDuration + FourWeeks <= now)
                    Assert.False(present.Contains(name), $"{name} (ended {end:O}) was still stored at {now:O}");
                if (!present.Contains(name))
                    deletedAt.TryAdd(start, now);
            }
        }

        Assert.Equal(starts.Count, deletedAt.Count);
        foreach (var (start, at) in deletedAt)
            Assert.InRange(at - (start + SegmentLength), FourWeeks, FourWeeks + Policy.MaxItemDuration);
    }

    // ---------------------------------------------------------------- receipts

    [Fact]
    public async Task Every_deleted_object_is_named_in_a_receipt_under_the_sweeps_UTC_day()
    {
        var now = Utc(2026, 10, 26, 23, 30); // 00:30 on 27 October in Amsterdam: the receipt goes under the 26th
        Clock.SetUtcNow(now);
        var cutoff = now - FourWeeks;
        await PutSegmentsAsync("cam-01", Starts(Utc(2026, 9, 28, 20), Utc(2026, 9, 29, 1), TimeSpan.FromMinutes(5)));
        await PutSegmentsAsync("cam-02", Starts(Utc(2026, 9, 28, 21), Utc(2026, 9, 28, 22), TimeSpan.FromMinutes(5)));
        await AppendEventsAsync("cam-01", Starts(Utc(2026, 9, 28, 22, 0, 15), Utc(2026, 9, 29, 0), TimeSpan.FromMinutes(1)));
        var before = await SnapshotAsync();

        var result = await SweepAsync();

        var after = await SnapshotAsync();
        var receipts = await ReceiptsAsync();
        var receiptFile = $"retention/{Site}/2026/10/26.jsonl";
        Assert.Equal([receiptFile], result.ReceiptFiles);
        Assert.All(receipts, r => Assert.Equal(receiptFile, r.File));
        Assert.Equal(result.ReceiptsWritten, receipts.Count);
        Assert.All(receipts, r =>
        {
            Assert.Equal(now, r.Time);
            Assert.Equal("retention-28-days", r.Rule);
            Assert.True(r.ItemsFrom <= r.ItemsTo);
        });

        var deleted = before.Keys.Except(after.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(deleted);
        var wholeObjects = receipts.Where(r => r.Kind is "footage" or "events").ToList();
        Assert.Equal(deleted, wholeObjects.SelectMany(r => r.Objects).Order(StringComparer.Ordinal));
        foreach (var receipt in wholeObjects)
        {
            Assert.Equal(receipt.Objects.Count, receipt.Count);
            Assert.Equal(receipt.Objects.Sum(o => before[o].Length), receipt.Bytes);
            Assert.All(receipt.Objects, o => Assert.Contains($"/{receipt.Source}/", o, StringComparison.Ordinal));
            Assert.All(receipt.Objects, o => Assert.Contains(receipt.Bucket.UtcDateTime.ToString("yyyy/MM/dd/HH", System.Globalization.CultureInfo.InvariantCulture), o, StringComparison.Ordinal));
        }
        Assert.Equal(["cam-01", "cam-02"], receipts.Where(r => r.Kind == "footage").Select(r => r.Source).Distinct().Order());
        Assert.Contains(receipts, r => r.Kind == "events" && r.Objects.SequenceEqual([EventFile("cam-01", Utc(2026, 9, 28, 22))]));

        var boundaryFile = EventFile("cam-01", Utc(2026, 9, 28, 23));
        var lines = Assert.Single(receipts, r => r.Kind == "event-lines");
        Assert.Equal([boundaryFile], lines.Objects);
        Assert.Equal(30, lines.Count); // 23:00:15 … 23:29:15
        Assert.Equal(before[boundaryFile].Length - after[boundaryFile].Length, lines.Bytes);
        Assert.True(lines.ItemsTo <= cutoff);
        Assert.Equal(result.ObjectsDeleted, deleted.Count);
        Assert.Equal(result.BytesDeleted, deleted.Sum(o => before[o].Length));
    }

    [Fact]
    public async Task A_sweep_that_deletes_nothing_writes_no_receipt()
    {
        var now = Utc(2026, 10, 26, 23, 30);
        Clock.SetUtcNow(now);
        await PutSegmentsAsync("cam-01", Starts(now - FourWeeks, now - FourWeeks + TimeSpan.FromHours(2), TimeSpan.FromMinutes(5)));
        await AppendEventsAsync("cam-01", Starts(now - FourWeeks + TimeSpan.FromSeconds(1), now, TimeSpan.FromDays(3)));

        var result = await SweepAsync();

        Assert.Equal(0, result.ObjectsDeleted + result.EventLinesDeleted);
        Assert.Equal(0, result.ReceiptsWritten);
        Assert.Empty(result.ReceiptFiles);
        Assert.Empty(await Store.ListAsync("retention/", Ct).ToListAsync(Ct));
    }

    // ---------------------------------------------------------------- restarts and concurrency

    [Theory]
    [InlineData(0, true)] // before the first delete: only a receipt
    [InlineData(1, false)]
    [InlineData(50, true)] // between the cameras
    [InlineData(101, false)] // in the event logs
    [InlineData(102, false)] // at the rewrite of a boundary event log, after its receipt
    [InlineData(104, true)] // in the gate's event log
    public async Task A_sweep_cut_off_part_way_is_finished_by_the_next_sweeper_and_every_deletion_has_a_receipt(int deletesBeforeTheCut, bool shutdown)
    {
        var seeded = await SeedMixedAsync();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var interrupting = new InterruptingBlobStore(Store, deletesBeforeTheCut, shutdown, stopping);

        var cut = await Record.ExceptionAsync(() =>
            new RetentionSweeper(interrupting, Clock, NullLogger<RetentionSweeper>.Instance).SweepAsync(Site, Policy, [], stopping.Token));

        Assert.True(cut is OperationCanceledException or IOException, $"the sweep should have been cut off, got {cut}");
        Assert.Equal(deletesBeforeTheCut, interrupting.Done);

        Clock.Advance(TimeSpan.FromSeconds(20)); // the host is back
        await SweepAsync();

        await AssertSweptExactlyAsync(seeded);
    }

    [Fact]
    public async Task Two_sweeps_at_once_delete_exactly_what_expired_without_an_error()
    {
        var seeded = await SeedMixedAsync();
        var first = NewSweeper();
        var second = NewSweeper();

        var results = await Task.WhenAll(
            Task.Run(() => first.SweepAsync(Site, Policy, [], Ct), Ct),
            Task.Run(() => second.SweepAsync(Site, Policy, [], Ct), Ct));

        await AssertSweptExactlyAsync(seeded);
        Assert.Equal(seeded.ExpiredObjects, results.Sum(r => r.ObjectsDeleted));
        Assert.Equal(seeded.ExpiredLines, results.Sum(r => r.EventLinesDeleted));
    }

    [Fact]
    public async Task A_second_sweep_right_after_the_first_deletes_nothing_and_writes_no_receipt()
    {
        var seeded = await SeedMixedAsync();
        var first = await SweepAsync();
        var receipts = (await ReceiptsAsync()).Count;

        var second = await SweepAsync();

        Assert.Equal(seeded.ExpiredObjects, first.ObjectsDeleted);
        Assert.Equal(0, second.ObjectsDeleted + second.EventLinesDeleted);
        Assert.Equal(0, second.ReceiptsWritten);
        Assert.Equal(receipts, (await ReceiptsAsync()).Count);
        await AssertSweptExactlyAsync(seeded);
    }

    // ---------------------------------------------------------------- what is in the store

    [Fact]
    public async Task Footage_of_a_camera_in_no_configuration_is_deleted_on_time()
    {
        var now = Utc(2026, 10, 29, 0, 20);
        Clock.SetUtcNow(now);
        var starts = Starts(Utc(2026, 9, 30, 23), Utc(2026, 10, 1, 1), TimeSpan.FromMinutes(2)).ToList();
        await PutSegmentsAsync("cam-99", starts);
        await AppendEventsAsync("cam-99", starts);

        await SweepAsync();

        Assert.Equal(ExpectedFootage("cam-99", starts, Policy), await FootageAsync());
        Assert.Contains("cam-99", await new FootageInventory(Store).CamerasAsync(Site, Ct));
        Assert.Null(await Store.GetAsync(EventFile("cam-99", Utc(2026, 9, 30, 23)), Ct));
    }

    [Fact]
    public async Task Footage_written_while_the_backend_was_down_is_deleted_on_time_by_the_first_sweep_after_start()
    {
        // The edge kept recording while the backend was down and its uploads landed straight in the store: no grain
        // saw them, nothing indexed them. The first sweep of a freshly started backend finds them by walking the store.
        var down = Utc(2026, 9, 30, 18);
        var up = Utc(2026, 10, 1, 6);
        var starts = Starts(down, up, TimeSpan.FromMinutes(7)).ToList();
        await PutSegmentsAsync("cam-03", starts);
        await AppendEventsAsync("gates/hoofdingang", starts);
        var now = Utc(2026, 10, 29, 0, 20);
        Clock.SetUtcNow(now);

        await NewSweeper().SweepAsync(Site, Policy, [], Ct);

        Assert.Equal(ExpectedFootage("cam-03", starts, Policy), await FootageAsync());
        Assert.Equal(
            [.. starts.Where(s => s > now - FourWeeks)],
            await EventTimesInAsync("gates/hoofdingang"));
    }

    [Fact]
    public async Task The_inventory_finds_every_camera_in_the_store_and_the_oldest_segment_past_what_is_not_footage()
    {
        await Store.PutAsync($"footage/{Site}/cam-01/0-archive/20250101T000000Z.mp4", "x"u8.ToArray(), BlobCondition.None, Ct);
        await Store.PutAsync($"footage/{Site}/cam-01/2026/00/01/10/20260101T100000Z.mp4", "x"u8.ToArray(), BlobCondition.None, Ct);
        await Store.PutAsync($"{HourFolder("cam-01", Utc(2026, 9, 1, 10))}notes.txt", "x"u8.ToArray(), BlobCondition.None, Ct);
        await Store.PutAsync($"{HourFolder("cam-01", Utc(2026, 9, 1, 11))}20260901T110000Z.jpg", "x"u8.ToArray(), BlobCondition.None, Ct);
        await PutSegmentsAsync("cam-01", [Utc(2026, 9, 1, 11, 0, 20), Utc(2026, 9, 1, 11, 0, 10), Utc(2026, 9, 2, 8)]);
        await PutSegmentsAsync("cam-99", [Utc(2026, 9, 3, 8)]);
        var inventory = new FootageInventory(Store);

        Assert.Equal(["cam-01", "cam-99"], await inventory.CamerasAsync(Site, Ct));
        Assert.Equal(Utc(2026, 9, 1, 11, 0, 10), await inventory.OldestSegmentAsync(Site, "cam-01", Ct));
        Assert.Equal(Utc(2026, 9, 3, 8), await inventory.OldestSegmentAsync(Site, "cam-99", Ct));
        Assert.Null(await inventory.OldestSegmentAsync(Site, "cam-02", Ct));
    }

    [Fact]
    public async Task Names_outside_the_layout_are_never_deleted()
    {
        Clock.SetUtcNow(Utc(2026, 12, 1));
        string[] strangers =
        [
            $"footage/{Site}/cam-01/2026/10/01/10/notes.txt",
            $"footage/{Site}/cam-01/2026/10/01/10/20261001T100000Z.jpg",
            $"footage/{Site}/cam-01/2026/10/01/10/20261001T100010Z.mp4.part",
            $"footage/{Site}/cam-01/2026/10/01/10/sub/20261001T100020Z.mp4",
            $"footage/{Site}/cam-01/misc/readme.txt",
            $"footage/{Site}/cam-01/misc/20261001T100000Z.mp4",
            $"footage/{Site}/readme.txt",
            $"events/{Site}/cam-01/2026/10/01/notes.txt",
            $"events/{Site}/cam-01/2026/10/01/10.jsonl.bak",
            $"events/{Site}/cam-01/misc/10.jsonl",
        ];
        foreach (var name in strangers)
            await Store.PutAsync(name, "keep me"u8.ToArray(), BlobCondition.None, Ct);
        var segment = await PutSegmentEndingAsync("cam-01", Utc(2026, 10, 1, 10, 0, 40));
        await AppendEventsAsync("cam-01", [Utc(2026, 10, 1, 10, 5)]);

        await SweepAsync();

        var left = (await SnapshotAsync()).Keys.ToHashSet();
        Assert.All(strangers, name => Assert.Contains(name, left));
        Assert.DoesNotContain(segment, left);
        Assert.DoesNotContain(EventFile("cam-01", Utc(2026, 10, 1, 10)), left);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_date_does_not_stop_or_break_the_sweep_of_the_footage_beside_it()
    {
        Clock.SetUtcNow(Utc(2026, 12, 1));
        string[] strangers =
        [
            $"footage/{Site}/cam-01/0-archive/20260901T100000Z.mp4", // sorts before the years
            $"footage/{Site}/cam-02/2026/00/x.txt", // a month that does not exist, sorting before the real ones
            $"footage/{Site}/cam-03/2026/09/00/x.txt", // a day that does not exist
            $"footage/{Site}/cam-04/2026/09/01/0-old/20260901T100000Z.mp4", // an hour folder that is not an hour
            $"footage/{Site}/cam-05/0000/01/01/00/00000101T000000Z.mp4", // year 0 does not exist
            $"events/{Site}/cam-06/2026/09/00/10.jsonl",
            $"events/{Site}/cam-07/0-archive/2026/09/01/10.jsonl",
        ];
        foreach (var name in strangers)
            await Store.PutAsync(name, "keep me"u8.ToArray(), BlobCondition.None, Ct);
        var expired = new List<string>();
        foreach (var camera in new[] { "cam-01", "cam-02", "cam-03", "cam-04", "cam-05" })
            expired.Add(await PutSegmentEndingAsync(camera, Utc(2026, 9, 1, 10, 0, 40)));
        await AppendEventsAsync("cam-06", [Utc(2026, 9, 1, 10, 5)]);
        await AppendEventsAsync("cam-07", [Utc(2026, 9, 1, 10, 5)]);

        await SweepAsync();

        var left = (await SnapshotAsync()).Keys.ToHashSet();
        Assert.All(strangers, name => Assert.Contains(name, left));
        Assert.All(expired, name => Assert.DoesNotContain(name, left));
        Assert.DoesNotContain(EventFile("cam-06", Utc(2026, 9, 1, 10)), left);
        Assert.DoesNotContain(EventFile("cam-07", Utc(2026, 9, 1, 10)), left);
    }

    [Fact]
    public async Task A_segment_filed_under_another_hour_is_judged_by_its_own_start()
    {
        var now = Utc(2026, 10, 29, 0, 20);
        Clock.SetUtcNow(now);
        // Filed under a long-expired hour, but named after a start two weeks ago (a recorder with a wrong clock, a bad copy).
        var misfiled = $"{HourFolder("cam-01", Utc(2026, 9, 1, 10))}20261015T100000Z.mp4";
        await Store.PutAsync(misfiled, "mp4"u8.ToArray(), BlobCondition.None, Ct);
        var companion = await PutSegmentEndingAsync("cam-01", Utc(2026, 9, 1, 10, 0, 40));
        var held = $"{HourFolder("cam-02", Utc(2026, 9, 1, 10))}20260905T120000Z.mp4"; // held at its own time
        await Store.PutAsync(held, "mp4"u8.ToArray(), BlobCondition.None, Ct);
        var hold = TestHolds.Place(["cam-02"], Utc(2026, 9, 5, 12), Utc(2026, 9, 5, 13), now.AddDays(-1), now.AddDays(30));

        await SweepAsync([hold]);

        Assert.Equal([misfiled, held], await FootageAsync());
        Assert.DoesNotContain(companion, await FootageAsync());
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>1 October 2026, cutoff 00:20: three expired hours and two newer ones a segment every 10 minutes, the boundary hour one every minute.</summary>
    private static List<DateTimeOffset> SixHoursAroundTheCutoff() =>
    [
        .. Starts(Utc(2026, 9, 30, 21), Utc(2026, 10, 1, 0), TimeSpan.FromMinutes(10)),
        .. Starts(Utc(2026, 10, 1, 0), Utc(2026, 10, 1, 1), TimeSpan.FromMinutes(1)),
        .. Starts(Utc(2026, 10, 1, 1), Utc(2026, 10, 1, 3), TimeSpan.FromMinutes(10)),
    ];

    /// <summary>The hour from <paramref name="hour"/>: every 10-second segment from :15 to :35 (around the holds of these tests), one a minute elsewhere.</summary>
    private static List<DateTimeOffset> AroundTheHold(DateTimeOffset hour) =>
    [
        .. Starts(hour, hour.AddMinutes(15), TimeSpan.FromMinutes(1)),
        .. Starts(hour.AddMinutes(15), hour.AddMinutes(35), SegmentLength),
        .. Starts(hour.AddMinutes(35), hour.AddHours(1), TimeSpan.FromMinutes(1)),
    ];

    private RetentionSweeper NewSweeper() => new(Store, Clock, NullLogger<RetentionSweeper>.Instance);

    private Task<SweepResult> SweepAsync(IReadOnlyList<LegalHold>? holds = null, RetentionPolicy? policy = null) =>
        NewSweeper().SweepAsync(Site, policy ?? Policy, holds ?? [], Ct);

    private async Task<string> PutSegmentEndingAsync(string camera, DateTimeOffset end)
    {
        var name = Segment(camera, end - SegmentLength);
        await Store.PutAsync(name, Content(name), BlobCondition.None, Ct);
        return name;
    }

    private async Task PutSegmentsAsync(string camera, IEnumerable<DateTimeOffset> starts)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct };
        await Parallel.ForEachAsync(starts.Select(s => Segment(camera, s)), options, async (name, ct) =>
            await Store.PutAsync(name, Content(name), BlobCondition.None, ct));
    }

    private static byte[] Content(string name) => Encoding.UTF8.GetBytes($"mp4 of {name}");

    private async Task AppendEventsAsync(string source, IEnumerable<DateTimeOffset> times)
    {
        var log = new EventLog(Store);
        foreach (var hour in times.GroupBy(EventLog.HourOf))
        {
            await log.AppendAsync(Site, source, hour.Key,
                hour.Select(t => new EventLogEntry($"ev-{t.UtcTicks}", t, "motion", "{\"zone\":\"ingang\",\"confidence\":0.9}")),
                cancellationToken: Ct);
        }
    }

    private async Task<List<DateTimeOffset>> EventTimesAsync(string file)
    {
        var blob = await Store.GetAsync(file, Ct);
        if (blob is null) return [];
        return
        [
            .. Encoding.UTF8.GetString(blob.Content.Span)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(TimeOf),
        ];

        static DateTimeOffset TimeOf(string line)
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("ts").GetDateTimeOffset();
        }
    }

    private async Task<List<DateTimeOffset>> EventTimesInAsync(string source)
    {
        var times = new List<DateTimeOffset>();
        await foreach (var file in Store.ListAsync($"events/{Site}/{source}/", Ct))
            times.AddRange(await EventTimesAsync(file.Name));
        return times;
    }

    private async Task<List<string>> FootageAsync() =>
        [.. (await Store.ListAsync("footage/", Ct).ToListAsync(Ct)).Select(b => b.Name)];

    private async Task<List<string>> FoldersAsync(string prefix) => await Store.ListPrefixesAsync(prefix, Ct).ToListAsync(Ct);

    /// <summary>Every footage and event blob (not the receipts), by name.</summary>
    private async Task<Dictionary<string, BlobInfo>> SnapshotAsync() =>
        (await Store.ListAsync("", Ct).ToListAsync(Ct))
            .Where(b => !b.Name.StartsWith("retention/", StringComparison.Ordinal))
            .ToDictionary(b => b.Name, StringComparer.Ordinal);

    private Task<List<ReceiptLine>> ReceiptsAsync() => ReceiptLine.ReadAllAsync(Store, Site, Ct);

    /// <summary>The segments of <paramref name="starts"/> that the sweeper must keep: those it cannot prove ended four weeks ago.</summary>
    private List<string> ExpectedFootage(string camera, IEnumerable<DateTimeOffset> starts, RetentionPolicy policy) =>
        [.. starts.Where(s => s + policy.MaxItemDuration > policy.Cutoff(Clock.GetUtcNow())).Select(s => Segment(camera, s)).Order(StringComparer.Ordinal)];

    /// <summary>A store with expired and unexpired footage of two cameras, and event logs of a camera and a gate.</summary>
    /// <remarks>
    /// Cutoff 1 October 00:20 UTC: 50 expired segments per camera (21:00–23:56 whole hours and 00:00–00:16 of the boundary
    /// hour), 25 that stay; event logs with two whole expired hours each and a boundary hour whose first five lines (00:00 … 00:20) go.
    /// </remarks>
    private async Task<Seeded> SeedMixedAsync()
    {
        var now = Utc(2026, 10, 29, 0, 20);
        Clock.SetUtcNow(now);
        var footage = Starts(Utc(2026, 9, 30, 21), Utc(2026, 10, 1, 2), TimeSpan.FromMinutes(4)).ToList();
        var events = Starts(Utc(2026, 9, 30, 22), Utc(2026, 10, 1, 1), TimeSpan.FromMinutes(5)).ToList();
        string[] cameras = ["cam-01", "cam-02"];
        string[] sources = ["cam-01", "gates/hoofdingang"];
        foreach (var camera in cameras)
            await PutSegmentsAsync(camera, footage);
        foreach (var source in sources)
            await AppendEventsAsync(source, events);
        var before = await SnapshotAsync();
        var expiredSegments = footage.Count(s => s + Policy.MaxItemDuration <= Policy.Cutoff(now));
        Assert.Equal(50, expiredSegments);
        return new Seeded(before, cameras, footage, sources, events, cameras.Length * expiredSegments + (sources.Length * 2), sources.Length * 5);
    }

    /// <summary>
    /// What the rule demands of <see cref="SeedMixedAsync"/>'s store at the clock's time: every expired object gone,
    /// every expired event line gone, everything else as it was (same ETag); every deleted object and rewritten event
    /// log named in a receipt, and every object a receipt names as deleted really gone.
    /// </summary>
    private async Task AssertSweptExactlyAsync(Seeded seeded)
    {
        var now = Clock.GetUtcNow();
        var cutoff = Policy.Cutoff(now);
        var after = await SnapshotAsync();
        foreach (var camera in seeded.Cameras)
            Assert.Equal(ExpectedFootage(camera, seeded.Footage, Policy), after.Keys.Where(k => k.StartsWith($"footage/{Site}/{camera}/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var source in seeded.Sources)
            Assert.Equal([.. seeded.Events.Where(t => t > cutoff)], await EventTimesInAsync(source));

        var rewritten = new List<string>();
        foreach (var (name, blob) in seeded.Before)
        {
            if (!after.TryGetValue(name, out var current)) continue;
            if (name.StartsWith("footage/", StringComparison.Ordinal))
                Assert.Equal(blob.ETag, current.ETag); // a segment that stays is never touched
            else if (current.ETag != blob.ETag)
                rewritten.Add(name);
        }
        foreach (var file in seeded.Before.Keys.Where(k => k.StartsWith("events/", StringComparison.Ordinal)).Where(k => after.ContainsKey(k)))
        {
            var hour = DateTimeOffset.ParseExact(file[^"yyyy/MM/dd/HH.jsonl".Length..^".jsonl".Length], "yyyy/MM/dd/HH",
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
            if (hour > cutoff) Assert.DoesNotContain(file, rewritten); // a newer hour is never rewritten
        }

        var receipts = await ReceiptsAsync();
        var named = receipts.SelectMany(r => r.Objects).ToHashSet(StringComparer.Ordinal);
        var deleted = seeded.Before.Keys.Where(k => !after.ContainsKey(k)).ToList();
        Assert.Equal(seeded.ExpiredObjects, deleted.Count);
        Assert.All(deleted, name => Assert.Contains(name, named));
        Assert.All(rewritten, name => Assert.Contains(receipts, r => r.Kind == "event-lines" && r.Objects.Contains(name)));
        Assert.All(receipts.Where(r => r.Kind != "event-lines").SelectMany(r => r.Objects), name => Assert.DoesNotContain(name, after.Keys));
    }

    private sealed record Seeded(
        Dictionary<string, BlobInfo> Before,
        string[] Cameras,
        List<DateTimeOffset> Footage,
        string[] Sources,
        List<DateTimeOffset> Events,
        int ExpiredObjects,
        int ExpiredLines);
}
