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

    private static ServiceProvider Build(Dictionary<string, string?> settings, string defaultRoot = "unused-root")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddBlobStore(configuration.GetSection("Storage"), defaultRoot).BuildServiceProvider();
    }
}
