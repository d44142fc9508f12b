using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Logs;

/// <summary>
/// The last <see cref="Capacity"/> log lines (DAQ and syslog) in a ring: appending past it overwrites the oldest,
/// so memory is bounded whatever the senders do. Each line gets the next sequence number; a reader that remembers
/// the last number it saw gets exactly the lines after it, and is told how many it missed if the ring moved past.
/// </summary>
public sealed class LogArea : ILogView
{
    /// <summary>Distinct hosts, processes and devices remembered for the viewer's pickers; past this only lines count.</summary>
    public const int MaxNames = 2_000;

    private readonly ChangeHub _changes;
    private readonly LogEntry?[] _ring;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _devices = new(StringComparer.Ordinal);
    private long _next = 1;

    public LogArea(ChangeHub changes, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _changes = changes;
        _ring = new LogEntry?[capacity];
    }

    public int Capacity => _ring.Length;

    public long LastSequence
    {
        get { lock (_gate) return _next - 1; }
    }

    /// <summary>Lines held now (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get { lock (_gate) return (int)Math.Min(_next - 1, _ring.Length); }
    }

    /// <summary>Lines overwritten by newer ones since start.</summary>
    public long Overwritten
    {
        get { lock (_gate) return Math.Max(0, _next - 1 - _ring.Length); }
    }

    /// <summary>Appends lines in order, numbering them; one change for the whole batch.</summary>
    public void Append(IReadOnlyList<LogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return;
        lock (_gate)
        {
            foreach (var e in entries)
            {
                var seq = _next++;
                e.Sequence = seq;
                _ring[(seq - 1) % _ring.Length] = e;
                Tally(_hosts, e.Host);
                if (e.Process is { } p) Tally(_processes, p);
                if (e.Device is { } d) Tally(_devices, d);
            }
        }
        _changes.Publish(StoreArea.Logs);
    }

    /// <summary>Lines numbered after <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/> (the newest ones).</summary>
    public LogSlice Since(long afterSequence, int max = int.MaxValue)
    {
        lock (_gate)
        {
            var last = _next - 1;
            var first = Math.Max(1, _next - _ring.Length);
            var from = Math.Max(afterSequence + 1, first);
            if (last - from + 1 > max) from = last - max + 1;
            var missed = Math.Max(0, from - (afterSequence + 1));
            if (from > last) return new LogSlice([], missed, last);
            var list = new LogEntry[last - from + 1];
            for (var s = from; s <= last; s++) list[s - from] = _ring[(s - 1) % _ring.Length]!;
            return new LogSlice(list, missed, last);
        }
    }

    public IReadOnlyList<LogName> Hosts() => Names(_hosts);
    public IReadOnlyList<LogName> Processes() => Names(_processes);
    public IReadOnlyList<LogName> Devices() => Names(_devices);

    private List<LogName> Names(Dictionary<string, long> names)
    {
        lock (_gate) return [.. names.Select(kv => new LogName(kv.Key, kv.Value)).OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static void Tally(Dictionary<string, long> names, string name)
    {
        if (names.TryGetValue(name, out var n)) names[name] = n + 1;
        else if (names.Count < MaxNames) names[name] = 1;
    }
}

/// <summary>What <see cref="LogArea.Since"/> found: the lines, how many after the asked number were already overwritten, and the newest number.</summary>
public sealed record LogSlice(IReadOnlyList<LogEntry> Entries, long Missed, long LastSequence);

/// <summary>A host, process or device seen in the log, with its line count since start.</summary>
public sealed record LogName(string Name, long Lines);

/// <summary>The log ring as pages see it.</summary>
public interface ILogView
{
    int Capacity { get; }
    int Count { get; }
    long LastSequence { get; }
    long Overwritten { get; }
    LogSlice Since(long afterSequence, int max = int.MaxValue);
    IReadOnlyList<LogName> Hosts();
    IReadOnlyList<LogName> Processes();
    IReadOnlyList<LogName> Devices();
}
