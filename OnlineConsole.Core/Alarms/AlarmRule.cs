using OnlineConsole.Core.Run;

namespace OnlineConsole.Core.Alarms;

/// <summary>
/// How the alarms of one rule behave (section "Alarms:Rules:NAME"; a signal names its rule). The defaults suit an
/// external alert: no debounce, latched, raised in any run state.
/// </summary>
public sealed class AlarmRule
{
    /// <summary>When set, every alarm of the rule has this severity, whatever its source says (null: the source's).</summary>
    public AlarmSeverity? Severity { get; set; }

    /// <summary>A cleared alarm stays until acknowledged (ISA-18.2 "returned to normal, unacknowledged").</summary>
    public bool Latch { get; set; } = true;

    /// <summary>The condition must hold this long before the alarm activates.</summary>
    public TimeSpan OnDelay { get; set; }

    /// <summary>The condition must be gone this long before the alarm clears.</summary>
    public TimeSpan OffDelay { get; set; }

    /// <summary>Consecutive active observations needed before the alarm activates (1 = the first).</summary>
    public int OnCount { get; set; } = 1;

    /// <summary>Run states in which the condition counts; empty = all. DCR rules, for example, only while running.</summary>
    public List<RunState> RunStates { get; set; } = [];

    /// <summary>Hold new activations for Alarms:RunSettle after a run-state change (run-dependent rules).</summary>
    public bool SettleOnRunChange { get; set; }

    /// <summary>What to do, shown with every alarm of the rule unless the signal brings its own.</summary>
    public string? Guidance { get; set; }

    /// <summary>Related pages, shown with every alarm of the rule besides the signal's own.</summary>
    public List<AlarmLink> Links { get; set; } = [];

    public IEnumerable<string> Validate(string name)
    {
        var at = $"{AlarmOptions.Section}:Rules:{name}";
        if (OnDelay < TimeSpan.Zero || OnDelay > TimeSpan.FromHours(1)) yield return $"{at}:OnDelay must be between 0 and 01:00:00 (is {OnDelay}).";
        if (OffDelay < TimeSpan.Zero || OffDelay > TimeSpan.FromHours(1)) yield return $"{at}:OffDelay must be between 0 and 01:00:00 (is {OffDelay}).";
        if (OnCount is < 1 or > 1000) yield return $"{at}:OnCount must be between 1 and 1000 (is {OnCount}).";
        if (Severity is { } s && !Enum.IsDefined(s)) yield return $"{at}:Severity is not a severity ({(int)s}).";
        if (Guidance is { Length: > 2000 }) yield return $"{at}:Guidance must be at most 2000 characters (is {Guidance.Length}).";
        foreach (var (link, i) in Links.Select((l, i) => (l, i)))
        {
            if (string.IsNullOrWhiteSpace(link.Title)) yield return $"{at}:Links:{i}:Title is empty.";
            if (!(link.Href.StartsWith('/') && !link.Href.StartsWith("//", StringComparison.Ordinal))
                && !(Uri.TryCreate(link.Href, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
                yield return $"{at}:Links:{i}:Href must be a console path (/...) or an http(s) address (is '{link.Href}').";
        }
    }
}
