using System.Diagnostics;

namespace OnlineConsole.Tests.Support;

/// <summary>Waits for a condition with a deadline (checked every 20 ms); fails with a description when it passes.</summary>
public static class Poll
{
    public static async Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > deadline) throw new TimeoutException($"Not within {deadline.TotalSeconds:0.0} s: {what}");
            await Task.Delay(20);
        }
        return watch.Elapsed;
    }

    /// <summary>The same for a condition that must ask something asynchronously (every 200 ms).</summary>
    public static Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what) => UntilAsync(condition, deadline, () => what);

    /// <summary>As above, the description made only when the deadline passes (it may be costly, e.g. a process's output).</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > deadline) throw new TimeoutException($"Not within {deadline.TotalSeconds:0.0} s: {what()}");
            await Task.Delay(200);
        }
        return watch.Elapsed;
    }
}
