namespace CameraBeheer.Testing;

/// <summary>Waits for something that happens on another thread or in another process (see <see cref="Eventually"/>).</summary>
public static class Waiting
{
    public static Task UntilAsync(Func<bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(done, what, timeout ?? TimeSpan.FromSeconds(20));
}
