namespace ModelOpt.Cluster.Tests.Support;

/// <summary>
/// Waits for a condition that actors or background work make true: polls it until it holds, and fails with a
/// <see cref="TimeoutException"/> once the deadline has passed.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure());
            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string failure, TimeSpan? interval = null) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, () => failure, interval);
}
