namespace OnlineConsole.Core.Alarms;

/// <summary>
/// One observation of a condition by a source: the condition named by <see cref="Key"/> is active or cleared.
/// Every source (the console's own rules, Alertmanager, Grafana, scripts, the DCS) speaks this; the alarm area
/// turns observations into alarms (debounce, latch, deduplication by key).
/// </summary>
public sealed record AlarmSignal(string Key, bool Active, AlarmSeverity Severity, string Message)
{
    public const int MaxKeyLength = 200;
    public const int MaxMessageLength = 1_000;
    public const int MaxLabels = 32;
    public const int MaxLabelLength = 200;

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>Who reported it: "rules", "alertmanager", "grafana", "ingest", "dcs", ...</summary>
    public string Source { get; init; } = "";

    /// <summary>The rule (or alert name) that raised it: selects latch, debounce and run-state policy.</summary>
    public string Rule { get; init; } = "";

    /// <summary>Area, PMT type, GCU, switch, server, service, ... (kept as the source sent them).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;

    /// <summary>The thing that is wrong, as named in the dependency graph ("port:sw1/swp48"); null when it has no place there.</summary>
    public string? Subject { get; init; }

    /// <summary>What to do about it; when null, the rule's guidance is used.</summary>
    public string? Guidance { get; init; }

    public IReadOnlyList<AlarmLink> Links { get; init; } = [];

    /// <summary>When the source saw it; null means now.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>What is wrong with this signal, empty when it can be accepted.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Key)) yield return "the key is empty";
        else if (Key.Length > MaxKeyLength) yield return $"the key is longer than {MaxKeyLength} characters";
        if (!Enum.IsDefined(Severity)) yield return $"unknown severity {(int)Severity}";
        if (Message is null) yield return "the message is missing";
        else if (Message.Length > MaxMessageLength) yield return $"the message is longer than {MaxMessageLength} characters";
        if (Labels.Count > MaxLabels) yield return $"more than {MaxLabels} labels";
        foreach (var (k, v) in Labels)
            if (string.IsNullOrEmpty(k) || k.Length > MaxLabelLength || v is null || v.Length > MaxLabelLength)
            {
                yield return $"label '{Truncate(k)}' is empty or longer than {MaxLabelLength} characters";
                break;
            }
    }

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
