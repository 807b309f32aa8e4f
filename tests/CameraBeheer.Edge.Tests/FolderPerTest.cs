namespace CameraBeheer.Edge.Tests;

/// <summary>The base of the edge tests that work on disk: each test gets a fresh folder of its own, deleted after it.</summary>
/// <param name="purpose">Names the folder under the test root.</param>
public abstract class FolderPerTest(string purpose) : IDisposable
{
    protected TempFolder Folder { get; } = new(purpose);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
