using System.Collections.Concurrent;
using CameraBeheer.Storage;
using CameraBeheer.Storage.Retention;
using FFMpegCore;
using Microsoft.Extensions.Logging;

namespace CameraBeheer.Exports;

/// <summary>A camera's latest still frame: a JPEG of the first keyframe of its newest stored segment.</summary>
public sealed record StillFrame(string Segment, DateTimeOffset SegmentStart, byte[] Jpeg);

/// <summary>
/// Makes and keeps the latest still frame of each camera for the control room's wall: ffmpeg decodes only the first
/// keyframe of the newest stored segment (<c>-skip_frame nokey</c>: no full decode) into a small JPEG. The frame is kept
/// until a newer segment appears, and the store is looked at again at most every <see cref="RefreshEvery"/>, so a wall
/// polled by many screens costs one listing per camera per period and one ffmpeg run per new segment.
/// </summary>
public sealed class StillFrames(IBlobStore store, ExportsOptions options, TimeProvider time, ILogger<StillFrames>? logger = null)
{
    /// <summary>How long a looked-up frame is served before the store is asked for a newer segment.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);

    // One ffmpeg at a time: the wall asks for every camera at once, and the machine also ingests and exports.
    private readonly SemaphoreSlim _making = new(1, 1);

    private readonly FFOptions _ffmpeg = new() { BinaryFolder = options.FfmpegBinaryFolder ?? "", TemporaryFilesFolder = options.TempDirectory };

    /// <summary>The camera's latest still frame, or null when it has no stored segment.</summary>
    /// <exception cref="StillFrameException">ffmpeg could not make a frame of the newest segment (the message says what to do).</exception>
    public async Task<StillFrame?> LatestAsync(string site, string camera, CancellationToken ct)
    {
        var key = $"{site}/{camera}";
        if (_known.TryGetValue(key, out var known) && time.GetUtcNow() - known.LookedAt < RefreshEvery) return known.Frame;
        await _making.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (_known.TryGetValue(key, out known) && time.GetUtcNow() - known.LookedAt < RefreshEvery) return known.Frame;
            var newest = await NewestSegmentAsync(site, camera, ct).ConfigureAwait(false);
            var frame = newest is null ? null
                : known?.Frame is { } shown && shown.Segment == newest.Value.Name ? shown
                : new StillFrame(newest.Value.Name, newest.Value.Start, await KeyframeAsync(camera, newest.Value.Name, ct).ConfigureAwait(false));
            _known[key] = new Known(time.GetUtcNow(), frame);
            return frame;
        }
        finally
        {
            _making.Release();
        }
    }

    /// <summary>
    /// Walks the dated layout down its last folder at each level (ordinal order is time order there) to the newest
    /// segment; a last hour folder holding nothing the layout can date gives none (the next segment fixes that).
    /// </summary>
    private async Task<(string Name, DateTimeOffset Start)?> NewestSegmentAsync(string site, string camera, CancellationToken ct)
    {
        var prefix = $"footage/{site}/{camera}/";
        for (var level = 0; level < 4; level++)
        {
            string? last = null;
            await foreach (var folder in store.ListPrefixesAsync(prefix, ct).ConfigureAwait(false))
                if (FootageLayout.TryNumber(folder, level == 0 ? 4 : 2, 0, 9999, out _)) last = folder;
            if (last is null) return null;
            prefix = last;
        }
        (string, DateTimeOffset)? newest = null;
        await foreach (var blob in store.ListAsync(prefix, ct).ConfigureAwait(false))
            if (FootageLayout.TrySegmentStart(blob.Name, out var start) && FootageLayout.BlobName(site, camera, start) == blob.Name) newest = (blob.Name, start);
        return newest;
    }

    private async Task<byte[]> KeyframeAsync(string camera, string segment, CancellationToken ct)
    {
        Directory.CreateDirectory(options.TempDirectory);
        var jpeg = Path.Combine(options.TempDirectory, $"still-{Guid.NewGuid():N}.jpg");
        string? copy = null;
        try
        {
            // Read where it lies when the store keeps local files; else one copy of the segment, deleted afterwards.
            var source = (store as ILocalBlobFiles)?.LocalPathOf(segment);
            if (source is null || !File.Exists(source))
            {
                copy = Path.Combine(options.TempDirectory, $"still-{Guid.NewGuid():N}.mp4");
                await using var read = await store.OpenReadAsync(segment, 0, ct).ConfigureAwait(false)
                    ?? throw new StillFrameException($"the newest segment of camera {camera} was deleted while its frame was made; try again");
                await using var write = File.Create(copy);
                await read.CopyToAsync(write, ct).ConfigureAwait(false);
                source = copy;
            }
            var processor = FFMpegArguments
                .FromFileInput(source, verifyExists: true, o => o.WithCustomArgument("-skip_frame nokey"))
                .OutputToFile(jpeg, overwrite: true, o => o.WithCustomArgument("-frames:v 1 -vf scale=480:-2 -q:v 5"));
            FFMpegResult result;
            try
            {
                result = await processor.ProcessAsynchronously(false, _ffmpeg, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException or FFMpegCore.Exceptions.FFMpegException)
            {
                throw new StillFrameException($"ffmpeg could not be started ({e.Message}): install ffmpeg, or set Exports:FfmpegBinaryFolder to the folder that holds it", e);
            }
            if (!result.Success || !File.Exists(jpeg))
            {
                var detail = string.Join(" | ", result.StandardError.Where(l => l.Length > 0).TakeLast(2));
                logger?.LogWarning("No still frame of {Segment}: ffmpeg exit code {Code}: {Detail}", segment, result.ExitCode, detail);
                throw new StillFrameException($"ffmpeg could not make a still frame of the newest segment of camera {camera} ({detail}); the segment may be damaged");
            }
            return await File.ReadAllBytesAsync(jpeg, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(jpeg);
            if (copy is not null) File.Delete(copy);
        }
    }

    private sealed record Known(DateTimeOffset LookedAt, StillFrame? Frame);
}

/// <summary>A still frame could not be made; the message names why and what to do.</summary>
public sealed class StillFrameException(string message, Exception? inner = null) : Exception(message, inner);
