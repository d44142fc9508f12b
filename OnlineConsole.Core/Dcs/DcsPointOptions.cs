using System.Globalization;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Dcs;

/// <summary>What a DCS channel measures; selects how its payload is read (a number, or ON/OFF/TRIP).</summary>
public enum DcsKind
{
    Temperature,
    Humidity,
    Voltage,
    Current,
    Status,
}

/// <summary>
/// One topic pattern of the slow control (section "Dcs:Points"): "dcs/hv/{crate}/{board}/{channel}/vmon" matches
/// every topic with one segment in each {placeholder}; each matching topic is one channel with this unit, these
/// limits and this expected interval. A pattern with a <see cref="SetTopic"/> can be commanded: the command goes to
/// the set topic (placeholders filled from the channel's own topic) and the channel's readback confirms it.
/// </summary>
public sealed class DcsPointOptions
{
    public string Topic { get; set; } = "";
    public DcsKind Kind { get; set; }
    public string Unit { get; set; } = "";

    /// <summary>Alarm limits (none when null).</summary>
    public double? Low { get; set; }
    public double? High { get; set; }
    public AlarmSeverity Severity { get; set; } = AlarmSeverity.Minor;

    /// <summary>How often the channel is expected to report; stale after Store:StaleAfterIntervals of them.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public string? SetTopic { get; set; }
    public double? SetMin { get; set; }
    public double? SetMax { get; set; }

    /// <summary>How close the readback must come to a commanded number to count as applied.</summary>
    public double Tolerance { get; set; } = 0.5;

    /// <summary>How long a command may wait for its readback before it counts as failed.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The channel's group and name on the DCS page, with the topic's {placeholders} filled; by default the
    /// topic without its last two segments, and those two.</summary>
    public string? Group { get; set; }
    public string? Name { get; set; }

    public string? Guidance { get; set; }

    public IEnumerable<string> Validate(string where)
    {
        if (DcsPattern.Parse(Topic) is { Error: { } e }) yield return $"{where}:Topic {e}";
        if (!Enum.IsDefined(Kind)) yield return $"{where}:Kind must be Temperature, Humidity, Voltage, Current or Status.";
        if (Interval < TimeSpan.FromMilliseconds(100) || Interval > TimeSpan.FromHours(1)) yield return $"{where}:Interval must be between 100 ms and 1 h (is {Interval}).";
        if (Low is { } l && High is { } h && l >= h) yield return $"{where}: Low ({l.ToString(CultureInfo.InvariantCulture)}) must be below High ({h.ToString(CultureInfo.InvariantCulture)}).";
        if (SetTopic is { Length: > 0 } st && DcsPattern.Parse(st) is { Error: { } se }) yield return $"{where}:SetTopic {se}";
        if (SetTopic is { Length: > 0 } && DcsPattern.Parse(SetTopic).Placeholders.Except(DcsPattern.Parse(Topic).Placeholders, StringComparer.Ordinal).FirstOrDefault() is { } extra)
            yield return $"{where}:SetTopic uses {{{extra}}}, which Topic does not have.";
        if (SetMin is { } a && SetMax is { } b && a > b) yield return $"{where}: SetMin must not be above SetMax.";
        if (Tolerance < 0) yield return $"{where}:Tolerance must not be negative.";
        if (CommandTimeout < TimeSpan.FromMilliseconds(100) || CommandTimeout > TimeSpan.FromMinutes(30)) yield return $"{where}:CommandTimeout must be between 100 ms and 30 min.";
        if (Kind == DcsKind.Status && (Low is not null || High is not null)) yield return $"{where}: a Status channel has no Low or High; TRIP is its alarm.";
        if (!Enum.IsDefined(Severity)) yield return $"{where}:Severity must be Warning, Minor, Major or Critical.";
    }
}

/// <summary>A topic pattern compiled: literal segments and named single-segment placeholders.</summary>
public sealed class DcsPattern
{
    private readonly string?[] _literals;
    private readonly string?[] _names;

    private DcsPattern(string?[] literals, string?[] names, string? error)
    {
        _literals = literals;
        _names = names;
        Error = error;
    }

    public string? Error { get; }
    public int Segments => _literals.Length;
    public IEnumerable<string> Placeholders => _names.OfType<string>();

    /// <summary>The MQTT subscription filter: each placeholder becomes "+".</summary>
    public string Filter => string.Join('/', _literals.Select(l => l ?? "+"));

    public static DcsPattern Parse(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return new([], [], "is empty.");
        var parts = pattern.Split('/');
        var literals = new string?[parts.Length];
        var names = new string?[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p.Length > 2 && p[0] == '{' && p[^1] == '}') names[i] = p[1..^1];
            else if (p.Contains('+', StringComparison.Ordinal) || p.Contains('#', StringComparison.Ordinal) || p.Contains('{', StringComparison.Ordinal))
                return new([], [], $"'{pattern}': segment '{p}' must be a literal or a whole {{placeholder}} (MQTT wildcards are written as placeholders).");
            else if (p.Length == 0) return new([], [], $"'{pattern}' has an empty segment.");
            else literals[i] = p;
        }
        return new(literals, names, null);
    }

    /// <summary>The placeholder values when <paramref name="topic"/> matches, else null.</summary>
    public Dictionary<string, string>? Match(string topic)
    {
        if (Error is not null) return null;
        var parts = topic.Split('/');
        if (parts.Length != _literals.Length) return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            if (_literals[i] is { } lit) { if (!string.Equals(lit, parts[i], StringComparison.Ordinal)) return null; }
            else if (parts[i].Length == 0) return null;
            else values[_names[i]!] = parts[i];
        }
        return values;
    }

    /// <summary>A display template ("HV {crate}/{board}") with each {placeholder} replaced by its value.</summary>
    public static string FillTemplate(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var text = template;
        foreach (var (k, v) in values) text = text.Replace("{" + k + "}", v, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The pattern with its placeholders filled.</summary>
    public string Fill(IReadOnlyDictionary<string, string> values) =>
        string.Join('/', _literals.Select((l, i) => l ?? values.GetValueOrDefault(_names[i]!, "")));
}
