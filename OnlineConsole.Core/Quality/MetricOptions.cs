using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Quality;

/// <summary>Limits on METRIC series that raise alarms (section "Metrics").</summary>
public sealed class MetricOptions : IValidatableOptions
{
    public const string Section = "Metrics";

    public List<MetricThreshold> Thresholds { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < Thresholds.Count; i++)
        {
            var t = Thresholds[i];
            if (string.IsNullOrWhiteSpace(t.Name)) yield return $"{Section}:Thresholds:{i}:Name is required.";
            if (t.Above is null && t.Below is null) yield return $"{Section}:Thresholds:{i} needs Above, Below or both.";
            if (t.Above is { } a && t.Below is { } b && b >= a) yield return $"{Section}:Thresholds:{i}:Below ({b}) must be under Above ({a}).";
            if (!Enum.IsDefined(t.Severity)) yield return $"{Section}:Thresholds:{i}:Severity must be Warning, Minor, Major or Critical.";
        }
    }

    /// <summary>The first threshold that applies to a series (name equal, every given label equal); null when none.</summary>
    public MetricThreshold? For(MetricSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Thresholds.FirstOrDefault(t => t.Name == s.Name && t.Labels.All(kv => s.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value));
    }
}

/// <summary>A series of <see cref="Name"/> (narrowed by <see cref="Labels"/>) is out of limits above Above or below Below.</summary>
public sealed class MetricThreshold
{
    public string Name { get; set; } = "";
    public Dictionary<string, string> Labels { get; set; } = [];
    public double? Above { get; set; }
    public double? Below { get; set; }
    public AlarmSeverity Severity { get; set; } = AlarmSeverity.Minor;
    public string? Guidance { get; set; }

    /// <summary>-1 below, +1 above, 0 within the limits.</summary>
    public int Check(double value) => Above is { } a && value > a ? 1 : Below is { } b && value < b ? -1 : 0;

    public string Limits => (Below is { } b ? "≥ " + b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")
        + (Below is not null && Above is not null ? ", " : "") + (Above is { } a ? "≤ " + a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
}
