using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CameraBeheer.Storage.Tests;

/// <summary>Choosing the blob store from the <c>Storage</c> configuration section.</summary>
public sealed class StorageRegistrationTests
{
    [Fact]
    public async Task Without_settings_the_store_is_local_disk_at_the_default_root()
    {
        using var folder = new TempFolder();
        using var services = Build(new Dictionary<string, string?>(), folder.Path);

        var local = services.GetRequiredService<LocalDiskBlobStore>();
        Assert.Equal(Path.GetFullPath(folder.Path), local.Root);
        Assert.IsType<CountingBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.NotNull(services.GetRequiredService<EventLog>());
        await local.AbandonedTempFilesSweep.WaitAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Azure_blob_kind_registers_the_azure_store_with_the_default_container()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "AzureBlob",
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        });

        Assert.Equal(AzureBlobStoreOptions.DefaultContainer, services.GetRequiredService<AzureBlobStore>().ContainerName);
        Assert.IsType<CountingBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.NotNull(services.GetRequiredService<EventLog>());
    }

    [Fact]
    public void The_container_setting_is_used()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "azureblob",
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:Container"] = "site-almere",
        });

        Assert.Equal("site-almere", services.GetRequiredService<AzureBlobStore>().ContainerName);
    }

    [Theory]
    [InlineData("S3", null, null, "Storage:Kind is 'S3'; expected LocalDisk or AzureBlob")]
    [InlineData("AzureBlob", null, null, "Storage:ConnectionString is required when Storage:Kind is AzureBlob")]
    [InlineData("AzureBlob", " ", null, "Storage:ConnectionString is required")]
    [InlineData("AzureBlob", "UseDevelopmentStorage=true", "Camera_Beheer", "Storage:Container 'Camera_Beheer' is not a valid container name")]
    [InlineData("AzureBlob", "garbage", null, "Storage:ConnectionString is not a valid Azure Storage connection string (")]
    public void Bad_settings_are_refused_naming_the_key(string kind, string? connectionString, string? container, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Build(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = kind,
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:Container"] = container,
        }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_bad_connection_string_is_not_echoed()
    {
        var error = Assert.Throws<ArgumentException>(() => Build(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "AzureBlob",
            ["Storage:ConnectionString"] = "AccountName=x;AccountKey=c2VjcmV0LWtleQ==;nonsense",
        }));

        Assert.DoesNotContain("c2VjcmV0LWtleQ==", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_free_space_guard_wraps_the_counted_local_disk_store_and_measures_its_drive()
    {
        using var folder = new TempFolder();
        using var services = new ServiceCollection().AddLocalDiskBlobStore(folder.Path).AddFreeSpaceGuard(floorBytes: 1).BuildServiceProvider();
        var ct = TestContext.Current.CancellationToken;

        var guard = Assert.IsType<FreeSpaceGuardBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.Same(guard, services.GetRequiredService<FreeSpaceGuardBlobStore>());
        await guard.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", "video"u8.ToArray(), BlobCondition.None, ct);

        Assert.False(guard.IsBelowFloor);
        Assert.InRange(guard.FreeBytes, 1, long.MaxValue - 1);
        Assert.Equal(1, services.GetRequiredService<CountingBlobStore>().WriteRequests);
        Assert.True(File.Exists(folder.File("footage/s/cam-01/2026/11/22/10/a.mp4")));
        await services.GetRequiredService<LocalDiskBlobStore>().AbandonedTempFilesSweep.WaitAsync(ct);
    }

    [Fact]
    public async Task With_a_floor_above_the_drives_free_space_footage_is_refused_and_state_still_writes()
    {
        using var folder = new TempFolder();
        using var services = new ServiceCollection().AddLocalDiskBlobStore(folder.Path).AddFreeSpaceGuard(long.MaxValue).BuildServiceProvider();
        var store = services.GetRequiredService<IBlobStore>();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<StorageFullException>(
            () => store.PutAsync("footage/s/cam-01/2026/11/22/10/a.mp4", "video"u8.ToArray(), BlobCondition.None, ct));
        await store.PutAsync("state/camera/s/cam-01.json", "{}"u8.ToArray(), BlobCondition.None, ct);

        Assert.True(services.GetRequiredService<FreeSpaceGuardBlobStore>().IsBelowFloor);
        Assert.False(Directory.Exists(folder.File("footage")));
        Assert.True(File.Exists(folder.File("state/camera/s/cam-01.json")));
        await services.GetRequiredService<LocalDiskBlobStore>().AbandonedTempFilesSweep.WaitAsync(ct);
    }

    [Fact]
    public void An_azure_store_gets_no_free_space_guard()
    {
        using var services = new ServiceCollection()
            .AddAzureBlobStore("UseDevelopmentStorage=true", "camerabeheer")
            .AddFreeSpaceGuard(floorBytes: 1024)
            .BuildServiceProvider();

        Assert.IsType<CountingBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.Null(services.GetService<FreeSpaceGuardBlobStore>());
    }

    [Fact]
    public void The_free_space_guard_needs_a_store_registered_first()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFreeSpaceGuard(floorBytes: 1024));

        Assert.Contains("register the store first", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1024L * 1024 * 1024)]
    [InlineData("", 1024L * 1024 * 1024)]
    [InlineData("5", 5L * 1024 * 1024)]
    [InlineData(" 0 ", 0L)]
    public async Task The_floor_comes_from_Storage_FreeSpaceFloorMiB_with_1_GiB_as_default(string? setting, long expectedBytes)
    {
        using var folder = new TempFolder();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:FreeSpaceFloorMiB"] = setting })
            .Build()
            .GetSection("Storage");
        using var services = new ServiceCollection().AddBlobStore(configuration, folder.Path).AddFreeSpaceGuard(configuration).BuildServiceProvider();

        Assert.Equal(expectedBytes, services.GetRequiredService<FreeSpaceGuardBlobStore>().FloorBytes);
        await services.GetRequiredService<LocalDiskBlobStore>().AbandonedTempFilesSweep.WaitAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999999999")]
    public void A_bad_free_space_floor_is_refused_naming_the_key(string setting)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:FreeSpaceFloorMiB"] = setting })
            .Build()
            .GetSection("Storage");

        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddBlobStore(configuration, "unused-root").AddFreeSpaceGuard(configuration));

        Assert.StartsWith($"Storage:FreeSpaceFloorMiB is '{setting}'; expected a whole number of MiB", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, string defaultRoot = "unused-root")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddBlobStore(configuration.GetSection("Storage"), defaultRoot).BuildServiceProvider();
    }
}
