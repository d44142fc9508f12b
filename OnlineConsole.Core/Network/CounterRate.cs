namespace OnlineConsole.Core.Network;

/// <summary>
/// Rate of a monotonically increasing counter between two samples, handling 32- and 64-bit wrap and agent
/// restarts (uptime went backwards: the old sample is meaningless, so no rate).
/// </summary>
public static class CounterRate
{
    public static double? PerSecond(ulong previous, ulong current, TimeSpan elapsed, int counterBits, TimeSpan? previousUptime = null, TimeSpan? currentUptime = null)
    {
        if (elapsed <= TimeSpan.Zero) return null;
        if (previousUptime is { } pu && currentUptime is { } cu && cu < pu) return null;
        ulong delta;
        if (current >= previous) delta = current - previous;
        else if (counterBits == 32 && previous <= uint.MaxValue) delta = (uint.MaxValue - previous) + current + 1;
        else if (counterBits == 64) delta = (ulong.MaxValue - previous) + current + 1;
        else return null;
        return delta / elapsed.TotalSeconds;
    }
}
