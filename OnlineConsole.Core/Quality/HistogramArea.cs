using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Quality;

/// <summary>
/// The latest HISTOGRAM of each name per run, for the last <see cref="MaxRuns"/> runs (older runs are dropped as
/// a whole, except runs an expert marked as reference). A newer message for the same name and run replaces the
/// older one; an older one (by time) is ignored.
/// </summary>
public sealed class HistogramArea : IHistogramView
{
    private readonly ChangeHub _changes;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Dictionary<string, StoredHistogram>> _runs = [];
    private readonly Dictionary<string, long> _references = new(StringComparer.Ordinal);

    public HistogramArea(ChangeHub changes, int maxRuns, int maxPerRun)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRuns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerRun, 1);
        _changes = changes;
        MaxRuns = maxRuns;
        MaxPerRun = maxPerRun;
    }

    public int MaxRuns { get; }
    public int MaxPerRun { get; }

    /// <summary>Stores the histograms; returns how many were refused (a run's name limit reached).</summary>
    public int Update(IReadOnlyList<Histogram> histograms, SourceStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        if (histograms.Count == 0) return 0;
        var refused = 0;
        lock (_gate)
        {
            foreach (var h in histograms)
            {
                if (!_runs.TryGetValue(h.Run, out var byName))
                {
                    // A message of a run older than every kept run, with the store full, would be dropped at once.
                    if (_runs.Count >= MaxRuns && h.Run < _runs.Keys.First()) { refused++; continue; }
                    byName = new Dictionary<string, StoredHistogram>(StringComparer.Ordinal);
                    _runs[h.Run] = byName;
                    Trim();
                }
                if (byName.TryGetValue(h.Name, out var had))
                {
                    if (h.Time < had.Value.Time) continue;
                    byName[h.Name] = new StoredHistogram(h, stamp, had.Version + 1);
                }
                else if (byName.Count >= MaxPerRun) refused++;
                else byName[h.Name] = new StoredHistogram(h, stamp, 1);
            }
        }
        _changes.Publish(StoreArea.Histograms);
        return refused;
    }

    private void Trim()
    {
        var pinned = _references.Values.ToHashSet();
        while (_runs.Keys.Count(r => !pinned.Contains(r)) > MaxRuns)
        {
            var oldest = _runs.Keys.FirstOrDefault(r => !pinned.Contains(r), long.MinValue);
            if (oldest == long.MinValue) break;
            _runs.Remove(oldest);
        }
    }

    /// <summary>Runs with histograms, newest first.</summary>
    public IReadOnlyList<long> Runs()
    {
        lock (_gate) return [.. _runs.Keys.Reverse()];
    }

    /// <summary>The histograms of one run, by name.</summary>
    public IReadOnlyList<StoredHistogram> OfRun(long run)
    {
        lock (_gate)
            return _runs.TryGetValue(run, out var byName) ? [.. byName.Values.OrderBy(h => h.Value.Name, StringComparer.Ordinal)] : [];
    }

    public StoredHistogram? Get(long run, string name)
    {
        lock (_gate) return _runs.TryGetValue(run, out var byName) && byName.TryGetValue(name, out var h) ? h : null;
    }

    /// <summary>
    /// What <paramref name="run"/>'s histogram is compared with: the run an expert marked for this name, else the
    /// newest earlier run that has it. Null when there is none (or the marked run is the one shown).
    /// </summary>
    public StoredHistogram? ReferenceFor(long run, string name)
    {
        lock (_gate)
        {
            if (_references.TryGetValue(name, out var marked))
                return marked != run && _runs.TryGetValue(marked, out var m) && m.TryGetValue(name, out var mh) ? mh : null;
            foreach (var (r, byName) in _runs.Reverse())
                if (r < run && byName.TryGetValue(name, out var h)) return h;
            return null;
        }
    }

    /// <summary>The run marked as reference for each name.</summary>
    public IReadOnlyDictionary<string, long> References()
    {
        lock (_gate) return new Dictionary<string, long>(_references, StringComparer.Ordinal);
    }

    /// <summary>Marks (or with null clears) the reference run of a name; kept runs that are references are not trimmed.</summary>
    public void SetReference(string name, long? run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (run is { } r) _references[name] = r;
            else _references.Remove(name);
        }
        _changes.Publish(StoreArea.Histograms);
    }
}

/// <summary>The histograms as pages see them.</summary>
public interface IHistogramView
{
    IReadOnlyList<long> Runs();
    IReadOnlyList<StoredHistogram> OfRun(long run);
    StoredHistogram? Get(long run, string name);
    StoredHistogram? ReferenceFor(long run, string name);
    IReadOnlyDictionary<string, long> References();
}
