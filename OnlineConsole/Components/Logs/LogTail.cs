using OnlineConsole.Core.Logs;

namespace OnlineConsole.Components.Logs;

/// <summary>
/// The log viewer's view model: the lines of the ring that match the filter, oldest first, kept up to date from the
/// ring's sequence numbers. While paused nothing new is taken in (the list the operator reads stands still); on
/// resume every line since the pause is taken, unless the ring overwrote it meanwhile, which is counted and shown.
/// Holds references to the ring's entries only, at most the ring's capacity.
/// </summary>
public sealed class LogTail
{
    private readonly List<LogEntry> _lines = [];
    private LogMatcher _matcher = LogFilter.All.Compile();
    private long _last;

    public IReadOnlyList<LogEntry> Lines => _lines;
    public LogFilter Filter => _matcher.Filter;
    public bool Paused { get; private set; }

    /// <summary>Lines the ring overwrote before this view took them (while paused, or under a flood).</summary>
    public long Missed { get; private set; }

    /// <summary>Lines that arrived since the pause (matching or not); 0 when following.</summary>
    public long Waiting { get; private set; }

    /// <summary>Takes the lines numbered after the last one seen; returns true when the list changed.</summary>
    public bool Refresh(ILogView log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Paused)
        {
            Waiting = log.LastSequence - _last;
            return false;
        }
        var slice = log.Since(_last);
        _last = slice.LastSequence;
        Missed += slice.Missed;
        var added = false;
        foreach (var e in slice.Entries)
        {
            if (!_matcher.Matches(e)) continue;
            _lines.Add(e);
            added = true;
        }
        // Lines gone from the ring are gone from the view too: the view never holds more than the ring.
        var oldest = Math.Max(1, log.LastSequence - log.Capacity + 1);
        var drop = 0;
        while (drop < _lines.Count && _lines[drop].Sequence < oldest) drop++;
        if (drop > 0) _lines.RemoveRange(0, drop);
        return added || drop > 0;
    }

    /// <summary>A new filter: the whole ring is read again with it (an invalid regex throws <see cref="FormatException"/> and changes nothing).</summary>
    public void SetFilter(LogFilter filter, ILogView log)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(log);
        var matcher = filter.Compile();
        _matcher = matcher;
        _lines.Clear();
        var slice = log.Since(0);
        _last = slice.LastSequence;
        foreach (var e in slice.Entries)
            if (matcher.Matches(e)) _lines.Add(e);
        Waiting = 0;
    }

    public void Pause() => Paused = true;

    public void Resume(ILogView log)
    {
        Paused = false;
        Waiting = 0;
        Refresh(log);
    }
}
