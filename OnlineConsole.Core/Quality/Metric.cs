using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Quality;

/// <summary>One METRIC message: a named value with labels at a time (docs/contracts.md).</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, DateTimeOffset Time)
{
    /// <summary>The series this sample belongs to: name and labels sorted by key, as Prometheus writes them.</summary>
    public string SeriesKey => MetricSeries.KeyOf(Name, Labels);
}

/// <summary>The latest value of one series, with the stamp of the message that brought it.</summary>
public sealed record MetricSeries(string Key, string Name, IReadOnlyDictionary<string, string> Labels, double Value, DateTimeOffset Time, SourceStamp Stamp)
{
    public static string KeyOf(string name, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0) return name;
        return name + "{" + string.Join(",", labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)) + "}";
    }

    public string LabelText => string.Join(", ", Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
}

/// <summary>One point of a series' trend.</summary>
public readonly record struct MetricPoint(DateTimeOffset Time, double Value);
