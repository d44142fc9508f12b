namespace OnlineConsole.Core.Network;

/// <summary>
/// The probes of one device over the last <see cref="Window"/>, each answered (with its round trip) or lost.
/// Bounded: at most <see cref="MaxSamples"/> are kept whatever the probe rate.
/// </summary>
public sealed class ReachabilityWindow(TimeSpan window)
{
    /// <summary>One probe a second for an hour.</summary>
    public const int MaxSamples = 3_600;

    private readonly Queue<(DateTimeOffset At, double? RttMs)> _samples = new();
    private readonly Lock _gate = new();

    public TimeSpan Window { get; } = window;

    /// <summary>Records a probe (<paramref name="rttMs"/> null: no answer) and returns the window's figures.</summary>
    public ReachabilityStats Add(ReachabilityMethod method, DateTimeOffset at, double? rttMs, int? port = null)
    {
        lock (_gate)
        {
            _samples.Enqueue((at, rttMs));
            while (_samples.Count > MaxSamples || (_samples.Count > 1 && _samples.Peek().At <= at - Window)) _samples.Dequeue();
            var answered = 0;
            double sum = 0, max = 0;
            foreach (var (_, rtt) in _samples)
            {
                if (rtt is not { } r) continue;
                answered++;
                sum += r;
                max = Math.Max(max, r);
            }
            return new ReachabilityStats(method, rttMs, answered == 0 ? null : sum / answered, answered == 0 ? null : max,
                1.0 - ((double)answered / _samples.Count), _samples.Count, Window) { Port = method == ReachabilityMethod.Tcp ? port : null };
        }
    }
}
