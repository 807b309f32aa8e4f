using System.Globalization;
using System.Security.Cryptography;
using CameraBeheer.Storage;
using FFMpegCore;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Exports;

/// <summary>One camera's part of a package: its video (null when it had no footage in the window), the instants the
/// video actually shows, the segments it was cut from, and the gaps.</summary>
internal sealed record CameraVideo(
    string Camera,
    string? LocalPath,
    DateTimeOffset? ActualFrom,
    DateTimeOffset? ActualTo,
    IReadOnlyList<FetchedSegment> Segments,
    IReadOnlyList<FootageGap> Gaps);

/// <summary>
/// Makes one camera's MP4: reads the segments that cover the window (in place on a store with local files, else fetched
/// into the work folder; hashing what it reads), joins them with ffmpeg's
/// concat demuxer in stream copy (evidence is never re-encoded), starting at the key frame at or before the window's start
/// and stopping at its end, and reads back what the file actually covers.
/// </summary>
/// <remarks>The output's timeline is the wall clock: media time 0 is <see cref="CameraVideo.ActualFrom"/>, and a hole in
/// the footage stays a hole of the same length (the last picture before it is held) instead of being closed up.</remarks>
internal sealed class CameraVideoExport(IBlobStore store, ExportsOptions options, FFOptions ffmpeg, ILogger logger)
{
    private const int CopyBufferBytes = 1 << 20;

    public async Task<CameraVideo> ExportAsync(
        EvidenceCase request, string camera, string workFolder, string outputPath, IProgress<CameraExportProgress>? progress, CancellationToken ct)
    {
        var (from, to) = (request.RequestedFrom, request.RequestedTo);
        var candidates = await FootageSegments.FindAsync(store, request.Site, camera, from, to, options.MaxSegmentLength, ct).ConfigureAwait(false);
        progress?.Report(new CameraExportProgress(camera, 0, candidates.Count, 0));

        var folder = Path.Combine(workFolder, camera);
        Directory.CreateDirectory(folder);
        var inPlace = store as ILocalBlobFiles;
        var fetched = new List<FetchedSegment>(candidates.Count);
        // Segments read in place: opened now, hashed while ffmpeg joins them. One deleted meanwhile is still hashed whole
        // through its handle, but ffmpeg, which opens it by name, then fails, and the export names the segment.
        var opened = new List<(int Index, FileStream File)>();
        Task<string[]>? hashing = null;
        try
        {
            long bytes = 0;
            for (var i = 0; i < candidates.Count; i++)
            {
                var blob = candidates[i].Object;
                var local = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"seg-{i + 1:D6}.mp4"));
                string sha256;
                long length;
                if (inPlace?.LocalPathOf(blob) is { } stored)
                {
                    var file = OpenStoredOrNull(stored) ?? throw SegmentDisappeared(blob);
                    opened.Add((i, file));
                    // A link, so the concat list keeps plain local names and ffmpeg reads the stored file where it lies.
                    File.CreateSymbolicLink(local, stored);
                    (sha256, length) = ("", file.Length);
                }
                else
                {
                    (sha256, length) = await FetchAsync(blob, local, ct).ConfigureAwait(false);
                    bytes += length;
                    progress?.Report(new CameraExportProgress(camera, i + 1, candidates.Count, bytes));
                }

                var duration = Mp4Duration.TryRead(local) ?? await ProbeDurationAsync(blob, local, ct).ConfigureAwait(false);
                fetched.Add(new FetchedSegment(candidates[i] with { Bytes = length }, local, sha256, duration));
            }

            if (opened.Count > 0)
            {
                // On another core than ffmpeg's: reading the cached files costs the join little.
                var files = opened;
                hashing = Task.Run(() => HashAllAsync(camera, files, candidates.Count, progress, ct), ct);
            }

            // A segment that started before the window but ended before it too shows nothing of it.
            var used = fetched.Where(s => s.End > from).ToList();
            var gaps = FootageCoverage.GapsOf(camera, used, from, to);
            if (used.Count == 0)
            {
                await WithHashesAsync(fetched, opened, hashing).ConfigureAwait(false);
                return new CameraVideo(camera, null, null, null, used, gaps);
            }

            var (inPoint, wallZero) = await StartPointAsync(used[0], from, ct).ConfigureAwait(false);
            var listPath = Path.Combine(folder, "concat.txt");
            await File.WriteAllTextAsync(listPath, ConcatList.Write(EntriesOf(used, inPoint, wallZero)), ct).ConfigureAwait(false);
            await JoinAsync(camera, listPath, outputPath, to - wallZero, used, ct).ConfigureAwait(false);
            await WithHashesAsync(fetched, opened, hashing).ConfigureAwait(false);
            used = [.. fetched.Where(s => s.End > from)];
            // Hashed and joined: the local copies (or links) have done their work. Gone now, the next camera's export
            // needs half the room, and pages not yet written back never reach the disk.
            Directory.Delete(folder, recursive: true);

            var (actualFrom, actualTo) = await CoveredAsync(camera, outputPath, wallZero, ct).ConfigureAwait(false);
            return new CameraVideo(camera, outputPath, actualFrom, actualTo, used, gaps);
        }
        finally
        {
            if (hashing is not null)
            {
                // Never close a handle the hashing still reads (after a failure or cancellation of the join).
                await Task.WhenAny(hashing).ConfigureAwait(false);
            }

            foreach (var (_, file) in opened) await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hashes the segments opened in place, one after another, reporting progress as each is done.</summary>
    private static async Task<string[]> HashAllAsync(
        string camera, List<(int Index, FileStream File)> files, int total, IProgress<CameraExportProgress>? progress, CancellationToken ct)
    {
        var hashes = new string[files.Count];
        long bytes = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var (sha256, length) = await CopyHashingAsync(files[i].File, null, ct).ConfigureAwait(false);
            hashes[i] = sha256;
            bytes += length;
            progress?.Report(new CameraExportProgress(camera, files[i].Index + 1, total, bytes));
        }
        return hashes;
    }

    /// <summary>Puts the hashes of the segments read in place into <paramref name="fetched"/>.</summary>
    private static async Task WithHashesAsync(List<FetchedSegment> fetched, List<(int Index, FileStream File)> opened, Task<string[]>? hashing)
    {
        if (hashing is null) return;
        var hashes = await hashing.ConfigureAwait(false);
        for (var i = 0; i < opened.Count; i++)
        {
            var index = opened[i].Index;
            fetched[index] = fetched[index] with { Sha256 = hashes[i] };
        }
    }

    /// <summary>Copies a segment from the store to a local file, hashing the bytes as they pass.</summary>
    private async Task<(string Sha256, long Bytes)> FetchAsync(string blob, string local, CancellationToken ct)
    {
        var source = await store.OpenReadAsync(blob, 0, ct).ConfigureAwait(false) ?? throw SegmentDisappeared(blob);
        await using (source.ConfigureAwait(false))
        {
            var target = new FileStream(local, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            await using (target.ConfigureAwait(false))
                return await CopyHashingAsync(source, target, ct).ConfigureAwait(false);
        }
    }

    private static async Task<(string Sha256, long Bytes)> CopyHashingAsync(Stream source, Stream? target, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var buffer = new byte[CopyBufferBytes];
        int read;
        while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            if (target is not null) await target.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            total += read;
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    private static FileStream? OpenStoredOrNull(string path)
    {
        try
        {
            // Delete sharing: retention may delete the blob meanwhile (this handle keeps reading what it opened).
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static ExportFailedException SegmentDisappeared(string blob) =>
        new($"footage segment {blob} disappeared from the store during the export (deleted by retention after its hold ended?); check the request's hold and retry the export");

    private async Task<TimeSpan> ProbeDurationAsync(string blob, string local, CancellationToken ct)
    {
        try
        {
            var analysis = await FFProbe.AnalyseAsync(local, ffmpeg, cancellationToken: ct).ConfigureAwait(false);
            if (analysis.Duration > TimeSpan.Zero) return analysis.Duration;
        }
        catch (FFMpegCore.Exceptions.FFMpegException e)
        {
            logger.LogWarning("ffprobe cannot read footage segment {Blob}: {Error}", blob, e.Message);
        }

        throw new ExportFailedException($"footage segment {blob} is not a readable MP4 (its length cannot be determined); the segment is damaged in the store: report it, and export without this camera or this stretch");
    }

    /// <summary>
    /// Where the first segment is entered: at the last key frame at or before the window's start (stream copy can only
    /// start on a key frame), in the file's own timestamps, and the wall-clock instant of that frame. No in point when the
    /// segment starts inside the window.
    /// </summary>
    private async Task<(TimeSpan? InPoint, DateTimeOffset WallZero)> StartPointAsync(FetchedSegment first, DateTimeOffset from, CancellationToken ct)
    {
        if (from <= first.Start) return (null, first.Start);
        var wanted = (from - first.Start).TotalSeconds + 0.0005;
        var packets = (await FFProbe.GetPacketsAsync(first.LocalPath, ffmpeg, cancellationToken: ct).ConfigureAwait(false)).Packets;
        var timed = packets.Where(p => p.PtsTime is not null).ToList();
        if (timed.Count == 0) return (null, first.Start);
        var origin = timed.Min(p => Seconds(p.PtsTime));
        var key = timed
            .Where(p => p.Flags is { Length: > 0 } flags && flags[0] == 'K')
            .Select(p => Seconds(p.PtsTime))
            .Where(pts => pts - origin <= wanted)
            .DefaultIfEmpty(origin)
            .Max();
        return key <= origin
            ? (null, first.Start)
            : (TimeSpan.FromSeconds(key), first.Start + TimeSpan.FromSeconds(key - origin));
    }

    private static List<ConcatEntry> EntriesOf(List<FetchedSegment> used, TimeSpan? inPoint, DateTimeOffset wallZero)
    {
        var entries = new List<ConcatEntry>(used.Count);
        for (var i = 0; i < used.Count; i++)
        {
            var enteredAt = i == 0 ? wallZero : used[i].Start;
            TimeSpan? duration = null;
            if (i < used.Count - 1)
            {
                // Never shorter than what the file holds from its entry on, or its last packets would collide with the next file's.
                var untilNext = used[i + 1].Start - enteredAt;
                var held = used[i].End - enteredAt;
                duration = untilNext > held ? untilNext : held;
            }

            entries.Add(new ConcatEntry(Path.GetFileName(used[i].LocalPath), i == 0 ? inPoint : null, null, duration));
        }
        return entries;
    }

    private async Task JoinAsync(string camera, string listPath, string outputPath, TimeSpan length, List<FetchedSegment> used, CancellationToken ct)
    {
        var seconds = length.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
        var processor = FFMpegArguments
            .FromFileInput(listPath, verifyExists: true, o => o.ForceFormat("concat"))
            .OutputToFile(outputPath, overwrite: true, o =>
            {
                // Every stream, copied as recorded; cut at the window's end.
                o.WithCustomArgument($"-map 0 -c copy -t {seconds}");
                if (options.FastStart) o.WithFastStart();
            });
        FFMpegCore.FFMpegResult result;
        try
        {
            result = await processor.ProcessAsynchronously(false, ffmpeg, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException or FFMpegCore.Exceptions.FFMpegException)
        {
            throw new ExportFailedException($"ffmpeg could not be started for camera {camera} ({e.Message}): install ffmpeg, or set Exports:FfmpegBinaryFolder to the folder that holds it, and retry the export", e);
        }

        ct.ThrowIfCancellationRequested();
        if (!result.Success || !File.Exists(outputPath))
        {
            // A segment read in place (a link to the stored file) that retention deleted after it was hashed.
            if (used.FirstOrDefault(s => !File.Exists(s.LocalPath)) is { } gone) throw SegmentDisappeared(gone.Source.Object);
            var detail = string.Join(" | ", result.StandardError.Where(l => l.Length > 0).TakeLast(3));
            throw new ExportFailedException($"ffmpeg could not join the footage of camera {camera} (exit code {result.ExitCode}: {detail}); retry the export, and if it fails again report the segments of this camera as damaged");
        }
    }

    private async Task<(DateTimeOffset From, DateTimeOffset To)> CoveredAsync(string camera, string outputPath, DateTimeOffset wallZero, CancellationToken ct)
    {
        var analysis = await FFProbe.AnalyseAsync(outputPath, ffmpeg, cancellationToken: ct).ConfigureAwait(false);
        if (analysis.VideoStreams.Count == 0 || analysis.Duration <= TimeSpan.Zero)
            throw new ExportFailedException($"the export of camera {camera} came out without video; retry the export, and if it fails again report the segments of this camera as damaged");
        var start = analysis.Format.StartTime > TimeSpan.Zero ? analysis.Format.StartTime : TimeSpan.Zero;
        return (wallZero + start, wallZero + start + analysis.Duration);
    }

    /// <summary>ffprobe's times as FFMpegCore asks for them (<c>-sexagesimal</c>: <c>H:MM:SS.ffffff</c>), or plain seconds.</summary>
    private static double ParseSeconds(string text)
    {
        var seconds = 0.0;
        foreach (var part in text.Trim().Split(':'))
            seconds = (seconds * 60) + double.Parse(part, NumberStyles.Float, CultureInfo.InvariantCulture);
        return seconds;
    }

    private static double Seconds(object? value) => value switch
    {
        double d => d,
        float f => f,
        string s => ParseSeconds(s),
        TimeSpan t => t.TotalSeconds,
        _ => 0,
    };
}
