using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CameraBeheer.Storage.Tests;

/// <summary>The account behind <c>Storage:Kind=AzureBlob</c>: a connection string, or a service URI signed in with the machine's identity.</summary>
public sealed class AzureStorageAccountTests
{
    [Fact]
    public void A_service_uri_signs_in_with_the_machines_identity_and_serves_the_blob_store_and_the_grain_state()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "AzureBlob",
            ["Storage:ServiceUri"] = "https://domusalmere.blob.core.windows.net",
            ["Storage:Container"] = "site-almere",
        });

        var account = services.GetRequiredService<AzureStorageAccount>();
        Assert.Equal(new Uri("https://domusalmere.blob.core.windows.net/"), account.Service.Uri);
        Assert.Equal("domusalmere", account.Service.AccountName);
        Assert.False(account.Service.CanGenerateAccountSasUri); // no key: a token credential
        Assert.Equal("site-almere", services.GetRequiredService<AzureBlobStore>().ContainerName);
        Assert.Equal(new Uri("https://domusalmere.blob.core.windows.net/site-almere-state"), account.ContainerClient("site-almere-state").Uri);
    }

    [Fact]
    public void A_connection_string_account_is_registered_for_the_grain_state_too()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "AzureBlob",
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        });

        var account = services.GetRequiredService<AzureStorageAccount>();
        Assert.Equal("devstoreaccount1", account.Service.AccountName);
        Assert.Equal(AzureBlobStoreOptions.DefaultContainer, account.Container);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "https://domusalmere.blob.core.windows.net",
        "Storage:ConnectionString and Storage:ServiceUri are both set; set one")]
    [InlineData(null, "domusalmere.blob.core.windows.net",
        "Storage:ServiceUri is 'domusalmere.blob.core.windows.net'; expected the account's blob endpoint, e.g. https://myaccount.blob.core.windows.net")]
    [InlineData(null, null,
        "Storage:ConnectionString is required when Storage:Kind is AzureBlob (or Storage:ServiceUri, to sign in with the machine's Azure identity)")]
    public void Bad_account_settings_are_refused_naming_the_keys(string? connectionString, string? serviceUri, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Build(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "AzureBlob",
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:ServiceUri"] = serviceUri,
        }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddBlobStore(configuration.GetSection("Storage"), "unused-root").BuildServiceProvider();
    }
}
