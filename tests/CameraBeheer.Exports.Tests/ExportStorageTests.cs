using CameraBeheer.Storage.Retention;

namespace CameraBeheer.Exports.Tests;

/// <summary>Reading a finished package for download, and deleting it with a receipt.</summary>
public sealed class ExportStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_download_resumes_from_a_byte_offset_and_a_missing_file_is_null()
    {
        var store = new InMemoryBlobStore();
        var storage = new ExportStorage(store, TimeProvider.System);
        await store.PutAsync("exports/fr-1/cam-01.mp4", Encoding.ASCII.GetBytes("0123456789"), BlobCondition.None, Ct);

        await using var rest = await storage.OpenReadAsync("fr-1", "cam-01.mp4", 4, Ct);

        Assert.NotNull(rest);
        Assert.Equal("456789", await new StreamReader(rest).ReadToEndAsync(Ct));
        Assert.Null(await storage.OpenReadAsync("fr-1", "cam-02.mp4", 0, Ct));
        Assert.Throws<ArgumentException>(() => { _ = storage.OpenReadAsync("fr-1", "../../footage/x.mp4", 0, Ct); });
        Assert.Throws<ArgumentException>(() => { _ = storage.OpenReadAsync("../fr-1", "cam-01.mp4", 0, Ct); });
    }

    [Fact]
    public async Task Deleting_a_package_writes_its_receipt_before_anything_goes_and_a_second_delete_is_nothing()
    {
        var store = new RecordingStore(new InMemoryBlobStore());
        var now = new DateTimeOffset(2026, 12, 4, 10, 15, 0, TimeSpan.Zero);
        var storage = new ExportStorage(store, new FixedTime(now));
        await store.PutAsync("exports/fr-1/cam-01.mp4", new byte[100], BlobCondition.None, Ct);
        await store.PutAsync("exports/fr-1/SHA256SUMS", new byte[10], BlobCondition.None, Ct);
        await store.PutAsync("exports/fr-10/cam-01.mp4", new byte[7], BlobCondition.None, Ct); // another request, same prefix start
        store.Operations.Clear();

        var result = await storage.DeleteAsync("domus-almere-poort", "fr-1", "export-expired-14-days", Ct);

        Assert.Equal((2L, 110L), (result.ObjectsDeleted, result.BytesDeleted));
        var receiptFile = RetentionReceipts.FileOf("domus-almere-poort", now);
        Assert.Equal(["append " + receiptFile, "delete exports/fr-1/SHA256SUMS", "delete exports/fr-1/cam-01.mp4"], store.Operations);
        var receipt = Encoding.UTF8.GetString((await store.GetAsync(receiptFile, Ct))!.Content.Span);
        Assert.Contains("\"rule\":\"export-expired-14-days\"", receipt, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"export\"", receipt, StringComparison.Ordinal);
        Assert.Contains("exports/fr-1/cam-01.mp4", receipt, StringComparison.Ordinal);
        Assert.NotNull(await store.GetAsync("exports/fr-10/cam-01.mp4", Ct));

        store.Operations.Clear();
        var again = await storage.DeleteAsync("domus-almere-poort", "fr-1", "export-expired-14-days", Ct);
        Assert.Equal((0L, 0), (again.ObjectsDeleted, again.ReceiptsWritten));
        Assert.Empty(store.Operations);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Records appends and deletes in order, to show the receipt comes first.</summary>
    private sealed class RecordingStore(IBlobStore inner) : ForwardingBlobStore(inner)
    {
        public List<string> Operations { get; } = [];

        public override Task<string> AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            Operations.Add("append " + name);
            return Inner.AppendAsync(name, content, cancellationToken);
        }

        public override Task<bool> DeleteAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default)
        {
            Operations.Add("delete " + name);
            return Inner.DeleteAsync(name, ifMatch, cancellationToken);
        }
    }
}
