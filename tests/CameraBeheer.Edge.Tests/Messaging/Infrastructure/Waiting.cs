namespace CameraBeheer.Edge.Tests.Messaging.Infrastructure;

/// <summary>Waits for something that happens on another thread or in another process.</summary>
internal static class Waiting
{
    public static async Task UntilAsync(Func<bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
