namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>
/// Turns "everything that is wrong now" into the changes since last time: new or changed conditions as active
/// signals, vanished ones as cleared signals. Rules that see the whole state at once (the network, the collectors)
/// use it, so the alarm area hears each change once.
/// </summary>
public sealed class SignalSet
{
    private Dictionary<string, AlarmSignal> _last = new(StringComparer.Ordinal);

    /// <summary>Keys a restarted console restored as active: cleared at the first evaluation if no longer seen.</summary>
    public void Seed(IEnumerable<string> restoredKeys, Func<string, AlarmSignal> cleared)
    {
        ArgumentNullException.ThrowIfNull(restoredKeys);
        ArgumentNullException.ThrowIfNull(cleared);
        foreach (var k in restoredKeys) _last.TryAdd(k, cleared(k) with { Active = true });
    }

    public List<AlarmSignal> Diff(IEnumerable<AlarmSignal> activeNow)
    {
        ArgumentNullException.ThrowIfNull(activeNow);
        var now = new Dictionary<string, AlarmSignal>(StringComparer.Ordinal);
        foreach (var s in activeNow) now[s.Key] = s;
        var changes = new List<AlarmSignal>();
        foreach (var (key, s) in now)
            if (!_last.TryGetValue(key, out var before) || before.Severity != s.Severity || before.Message != s.Message) changes.Add(s);
        foreach (var (key, before) in _last)
            if (!now.ContainsKey(key)) changes.Add(before with { Active = false, At = null });
        _last = now;
        return changes;
    }
}
