namespace OnlineConsole.Collectors.Hosting;

/// <summary>
/// Rate-limits warnings about malformed input: at most one per key per period (a minute by default), so one bad
/// key that is rewritten every second does not flood the log. Counting is the caller's job.
/// </summary>
public sealed class MalformedLog(TimeSpan? period = null)
{
    private readonly TimeSpan _period = period ?? TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>True when a warning about <paramref name="key"/> should be logged now.</summary>
    public bool ShouldLog(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_last.TryGetValue(key, out var at) && now - at < _period) return false;
            // Bounded: old entries are forgotten, a flood of distinct keys cannot grow this without limit.
            if (_last.Count >= 10_000) _last.Clear();
            _last[key] = now;
            return true;
        }
    }
}
