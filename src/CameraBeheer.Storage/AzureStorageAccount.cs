using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace CameraBeheer.Storage;

/// <summary>
/// The Azure Storage account of <c>Storage:Kind=AzureBlob</c>, read once from the <c>Storage</c> section and shared by
/// everything that talks to it: the blob store (footage, logs, exports: <c>Storage:Container</c>) and the grains' state
/// (its own container, see CameraBeheer.Grains' <c>Persistence/</c>).
/// </summary>
/// <remarks>
/// Two ways in: <c>Storage:ConnectionString</c> (an account key or SAS; Azurite in tests), or <c>Storage:ServiceUri</c>
/// (<c>https://{account}.blob.core.windows.net</c>) signed in with <see cref="DefaultAzureCredential"/>, i.e. the
/// machine's managed identity, workload identity or <c>AZURE_CLIENT_ID</c>/<c>AZURE_TENANT_ID</c>/… variables, for
/// production without a key on disk. The identity needs the role "Storage Blob Data Contributor" on the account.
/// </remarks>
public sealed class AzureStorageAccount
{
    private AzureStorageAccount(BlobServiceClient service, string container)
    {
        Service = service;
        Container = container;
    }

    /// <summary>The account's blob service, signed in as configured.</summary>
    public BlobServiceClient Service { get; }

    /// <summary>The blob store's container (<c>Storage:Container</c>, default <see cref="AzureBlobStoreOptions.DefaultContainer"/>).</summary>
    public string Container { get; }

    /// <summary>A client for <paramref name="container"/> in this account (no I/O).</summary>
    public BlobContainerClient ContainerClient(string container) => Service.GetBlobContainerClient(container);

    /// <summary>
    /// Reads <c>ConnectionString</c> or <c>ServiceUri</c>, and <c>Container</c>, from <paramref name="storageSection"/>.
    /// No I/O: a wrong key or an unreachable account shows at the first request.
    /// </summary>
    /// <exception cref="ArgumentException">A key is missing or invalid; the message names it and never echoes the
    /// connection string (it holds the account key).</exception>
    public static AzureStorageAccount From(IConfiguration storageSection)
    {
        ArgumentNullException.ThrowIfNull(storageSection);
        var container = storageSection["Container"];
        if (string.IsNullOrWhiteSpace(container))
        {
            container = AzureBlobStoreOptions.DefaultContainer;
        }
        else if (AzureBlobStoreOptions.ContainerNameProblem(container) is { } problem)
        {
            throw new ArgumentException($"{KeyOf(storageSection, "Container")} '{container}' is not a valid container name: {problem}");
        }

        var connectionString = storageSection["ConnectionString"];
        var serviceUri = storageSection["ServiceUri"];
        var hasConnectionString = !string.IsNullOrWhiteSpace(connectionString);
        var hasServiceUri = !string.IsNullOrWhiteSpace(serviceUri);
        if (hasConnectionString && hasServiceUri)
        {
            throw new ArgumentException(
                $"{KeyOf(storageSection, "ConnectionString")} and {KeyOf(storageSection, "ServiceUri")} are both set; set one "
                + "(the connection string signs in with its key, the service URI with the machine's Azure identity)");
        }

        if (hasServiceUri)
        {
            if (!Uri.TryCreate(serviceUri!.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                throw new ArgumentException(
                    $"{KeyOf(storageSection, "ServiceUri")} is '{serviceUri}'; expected the account's blob endpoint, "
                    + "e.g. https://myaccount.blob.core.windows.net");
            }

            var credential = new DefaultAzureCredential();
            var service = new BlobServiceClient(uri, credential);
            return new AzureStorageAccount(service, container);
        }

        if (!hasConnectionString)
        {
            throw new ArgumentException(
                $"{KeyOf(storageSection, "ConnectionString")} is required when {KeyOf(storageSection, "Kind")} is {StorageKinds.AzureBlob} "
                + $"(or {KeyOf(storageSection, "ServiceUri")}, to sign in with the machine's Azure identity)");
        }

        try
        {
            var service = new BlobServiceClient(connectionString);
            return new AzureStorageAccount(service, container);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's messages name the missing or malformed part, never the key itself.
            throw new ArgumentException(
                $"{KeyOf(storageSection, "ConnectionString")} is not a valid Azure Storage connection string ({e.Message})", e);
        }
    }

    /// <summary>The full configuration key, e.g. <c>Storage:Kind</c>, for messages.</summary>
    internal static string KeyOf(IConfiguration section, string key) =>
        section is IConfigurationSection { Path.Length: > 0 } s ? $"{s.Path}:{key}" : key;
}
