namespace OnlineConsole.Core.Network;

/// <summary>Times (Unix milliseconds) with in/out bits per second, errors and discards per second; null marks a gap.</summary>
public sealed record PortTrendSeries(long[] TimesMs, double?[] InBps, double?[] OutBps, double?[] Errors, double?[] Discards)
{
    public int Count => TimesMs.Length;

    public double?[] Values(int index) => index switch
    {
        0 => InBps,
        1 => OutBps,
        2 => Errors,
        3 => Discards,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}
