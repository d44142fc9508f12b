using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Quality;

/// <summary>
/// One HISTOGRAM message (docs/contracts.md): <see cref="Edges"/> has one more element than <see cref="Counts"/>,
/// strictly increasing; under- and overflow are outside the edges.
/// </summary>
public sealed record Histogram(string Name, long Run, IReadOnlyList<double> Edges, IReadOnlyList<double> Counts, double Entries,
    double Underflow, double Overflow, DateTimeOffset Time)
{
    public string? Title { get; init; }
    public string? XLabel { get; init; }

    /// <summary>What is wrong with the bins, empty when they are consistent.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return "the name is empty";
        if (Counts.Count == 0) yield return "there are no bins";
        if (Edges.Count != Counts.Count + 1) yield return $"{Edges.Count} edges for {Counts.Count} bins (needs {Counts.Count + 1})";
        for (var i = 1; i < Edges.Count; i++)
            if (!(Edges[i] > Edges[i - 1])) { yield return $"edge {i} ({Edges[i]}) is not above edge {i - 1} ({Edges[i - 1]})"; break; }
        if (Counts.Any(c => !double.IsFinite(c) || c < 0) || !double.IsFinite(Entries) || Entries < 0 || Underflow < 0 || Overflow < 0)
            yield return "a count is negative or not a number";
        if (Edges.Any(e => !double.IsFinite(e))) yield return "an edge is not a finite number";
    }

    /// <summary>Mean and RMS of the in-range bins, from bin centres (ROOT's convention without statistics of its own).</summary>
    public (double Mean, double Rms) Moments()
    {
        double sum = 0, sumX = 0, sumX2 = 0;
        for (var i = 0; i < Counts.Count; i++)
        {
            var x = (Edges[i] + Edges[i + 1]) / 2;
            sum += Counts[i];
            sumX += Counts[i] * x;
            sumX2 += Counts[i] * x * x;
        }
        if (sum <= 0) return (double.NaN, double.NaN);
        var mean = sumX / sum;
        return (mean, Math.Sqrt(Math.Max(0, (sumX2 / sum) - (mean * mean))));
    }
}

/// <summary>A histogram as stored: the message, its stamp, and how many times it was updated.</summary>
public sealed record StoredHistogram(Histogram Value, SourceStamp Stamp, int Version);
