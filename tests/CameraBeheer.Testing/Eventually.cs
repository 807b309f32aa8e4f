namespace CameraBeheer.Testing;

/// <summary>
/// Waits for something a user would see to become true (events cross threads and processes asynchronously): checked
/// often, bounded generously for a loaded machine, and on time-out a message that names what was awaited and what was
/// last seen. The one polling helper of the tests; <see cref="Waiting"/> is its form for a plain condition.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Probes until <paramref name="done"/> holds for what <paramref name="probe"/> returns; returns that value.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, TimeSpan? every = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var cancellation = TestContext.Current.CancellationToken;
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#} s waiting for {what}; last seen: {Describe(last)}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100), cancellation);
            last = await probe();
        }
        return last;
    }

    /// <summary>Waits until <paramref name="done"/> holds.</summary>
    public static Task UntilAsync(Func<bool> done, string what, TimeSpan? timeout = null, TimeSpan? every = null) =>
        GetAsync(() => Task.FromResult(done()), d => d, what, timeout, every ?? TimeSpan.FromMilliseconds(20));

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        bool b => b ? "true" : "not yet",
        string s => s,
        System.Collections.ICollection { Count: 0 } => "none",
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>().Take(20)),
        _ => value.ToString() ?? "",
    };
}
