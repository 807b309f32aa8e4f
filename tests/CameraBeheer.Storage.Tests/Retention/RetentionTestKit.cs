using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CameraBeheer.Storage.Tests.Retention;

/// <summary>Names of the storage layout the sweeper walks, written the way the recorder and the event log write them.</summary>
internal static class Layout
{
    public const string Site = "domus-test";

    public static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(10);

    /// <summary><c>footage/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}/{start:yyyyMMddTHHmmssZ}.mp4</c></summary>
    public static string Segment(string camera, DateTimeOffset start, string site = Site)
    {
        var u = start.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"footage/{site}/{camera}/{u:yyyy}/{u:MM}/{u:dd}/{u:HH}/{u:yyyyMMdd'T'HHmmss'Z'}.mp4");
    }

    /// <summary><c>footage/{site}/{camera}/{yyyy}/{MM}/{dd}/{HH}/</c></summary>
    public static string HourFolder(string camera, DateTimeOffset hour, string site = Site)
    {
        var u = hour.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"footage/{site}/{camera}/{u:yyyy}/{u:MM}/{u:dd}/{u:HH}/");
    }

    /// <summary>The event log of a camera (<c>cam-01</c>) or a gate (<c>gates/hoofdingang</c>) for the hour of <paramref name="ts"/>.</summary>
    public static string EventFile(string source, DateTimeOffset ts, string site = Site) => EventLog.HourBlob(site, source, ts);

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>Starts of 10-second segments from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), every <paramref name="step"/>.</summary>
    public static IEnumerable<DateTimeOffset> Starts(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        for (var t = from; t < to; t += step)
            yield return t;
    }
}

/// <summary>One line of <c>retention/{site}/{yyyy}/{MM}/{dd}.jsonl</c>, as a privacy officer's tool would read it.</summary>
internal sealed record ReceiptLine(
    string File,
    DateTimeOffset Time,
    string Rule,
    string Kind,
    string Source,
    DateTimeOffset Bucket,
    DateTimeOffset? ItemsFrom,
    DateTimeOffset? ItemsTo,
    long Count,
    long Bytes,
    IReadOnlyList<string> Objects)
{
    public static async Task<List<ReceiptLine>> ReadAllAsync(IBlobStore store, string site, CancellationToken ct)
    {
        var lines = new List<ReceiptLine>();
        await foreach (var file in store.ListAsync($"retention/{site}/", ct))
        {
            var blob = await store.GetAsync(file.Name, ct);
            Assert.NotNull(blob);
            var text = Encoding.UTF8.GetString(blob.Content.Span);
            Assert.EndsWith("\n", text, StringComparison.Ordinal); // every receipt is a whole line
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                lines.Add(Parse(file.Name, line));
        }
        return lines;
    }

    private static ReceiptLine Parse(string file, string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        return new ReceiptLine(
            file,
            root.GetProperty("time").GetDateTimeOffset(),
            root.GetProperty("rule").GetString()!,
            root.GetProperty("kind").GetString()!,
            root.GetProperty("source").GetString()!,
            root.GetProperty("bucket").GetDateTimeOffset(),
            root.TryGetProperty("itemsFrom", out var from) ? from.GetDateTimeOffset() : null,
            root.TryGetProperty("itemsTo", out var to) ? to.GetDateTimeOffset() : null,
            root.GetProperty("count").GetInt64(),
            root.GetProperty("bytes").GetInt64(),
            [.. root.GetProperty("objects").EnumerateArray().Select(o => o.GetString()!)]);
    }
}

/// <summary>
/// A store that fails part-way through a sweep, as a host that stops or crashes does: after <c>allowed</c> deletes or
/// rewrites, the next one cancels the sweep's token (a shutdown) or throws an <see cref="IOException"/> (a crash or a
/// lost connection), and every later call fails too.
/// </summary>
internal sealed class InterruptingBlobStore(IBlobStore inner, int allowed, bool cancel, CancellationTokenSource shutdown) : IBlobStore
{
    private int _destructive;

    /// <summary>Deletes and rewrites that reached the store.</summary>
    public int Done { get; private set; }

    public Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ThrowIfStopped(cancellationToken);
        return inner.GetAsync(name, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        ThrowIfStopped(cancellationToken);
        return inner.OpenReadAsync(name, offset, cancellationToken);
    }

    public async Task<string> PutAsync(string name, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        Interrupt(cancellationToken);
        var etag = await inner.PutAsync(name, content, condition, cancellationToken);
        Done++;
        return etag;
    }

    public async Task<string> PutFileAsync(string name, string localFile, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        Interrupt(cancellationToken);
        var etag = await inner.PutFileAsync(name, localFile, condition, cancellationToken);
        Done++;
        return etag;
    }

    public Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ThrowIfStopped(cancellationToken);
        return inner.AppendAsync(name, content, cancellationToken);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfStopped(cancellationToken);
        await foreach (var blob in inner.ListAsync(prefix, cancellationToken))
            yield return blob;
    }

    public async IAsyncEnumerable<string> ListPrefixesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfStopped(cancellationToken);
        await foreach (var folder in inner.ListPrefixesAsync(prefix, cancellationToken))
            yield return folder;
    }

    public async Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        Interrupt(cancellationToken);
        var deleted = await inner.DeleteAsync(name, ifMatch, cancellationToken);
        Done++;
        return deleted;
    }

    private void Interrupt(CancellationToken cancellationToken)
    {
        if (++_destructive > allowed)
        {
            if (cancel)
            {
                shutdown.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
            throw new IOException("simulated crash: the host went away in the middle of the sweep");
        }
        ThrowIfStopped(cancellationToken);
    }

    private void ThrowIfStopped(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_destructive > allowed)
            throw new IOException("simulated crash: the host is gone");
    }
}

/// <summary>Records the prefixes a sweep listed and the blobs it read, to show which hour buckets it looked inside.</summary>
internal sealed class RecordingBlobStore(IBlobStore inner) : ForwardingBlobStore(inner)
{
    private readonly List<string> _listed = [];
    private readonly List<string> _read = [];

    public IReadOnlyList<string> Listed { get { lock (_listed) return [.. _listed]; } }

    public IReadOnlyList<string> Read { get { lock (_read) return [.. _read]; } }

    public override Task<BlobContent?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_read) _read.Add(name);
        return Inner.GetAsync(name, cancellationToken);
    }

    public override Task<Stream?> OpenReadAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        lock (_read) _read.Add(name);
        return Inner.OpenReadAsync(name, offset, cancellationToken);
    }

    public override IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        lock (_listed) _listed.Add(prefix);
        return Inner.ListAsync(prefix, cancellationToken);
    }
}

/// <summary>Holds as a manager places them in these tests.</summary>
internal static class TestHolds
{
    public static LegalHold Place(
        IEnumerable<string> cameras, DateTimeOffset from, DateTimeOffset to, DateTimeOffset placedAt, DateTimeOffset expires,
        LegalHoldKind kind = LegalHoldKind.PoliceRequest) =>
        LegalHold.Place(Layout.Site, cameras, from, to, kind, "Vernieling bij de poort, aangifte gedaan", "PL0900-2026654321", "J. de Vries", placedAt, expires);
}
