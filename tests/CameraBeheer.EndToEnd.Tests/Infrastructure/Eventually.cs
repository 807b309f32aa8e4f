namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for something a user would see to become true (events cross processes asynchronously).</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}; last seen: {last}");
            await Task.Delay(100);
            last = await probe();
        }
        return last;
    }
}
