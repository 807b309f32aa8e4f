namespace CameraBeheer.Storage.Tests;

/// <summary>The tests that share one <see cref="AzuriteProcess"/>; each test class makes its own containers.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteProcess>
{
    public const string Name = "azurite";
}
