using System.Text.RegularExpressions;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Logs;

namespace OnlineConsole.Collectors.Syslog;

/// <summary>
/// Turns syslog lines matching the configured patterns into alarm signals on the sending device: active on a
/// match, cleared by the pattern's Clear text from the same sender or after the hold time without a repeat.
/// </summary>
public sealed class SyslogAlarms(IReadOnlyList<SyslogPattern> patterns, TimeSpan hold)
{
    public const string Source = SyslogRules.Source;
    public const string Rule = SyslogRules.Rule;
    private static readonly Dictionary<string, string?> BuiltIn = SyslogPattern.Defaults().ToDictionary(p => p.Name, p => p.Guidance, StringComparer.Ordinal);

    private readonly (SyslogPattern Pattern, Regex Match, Regex? Clear)[] _patterns =
        [.. patterns.Select(p => (p, SyslogPattern.Compile(p.Match), string.IsNullOrEmpty(p.Clear) ? null : SyslogPattern.Compile(p.Clear)))];
    private readonly Dictionary<string, (AlarmSignal Signal, DateTimeOffset Last)> _active = new(StringComparer.Ordinal);

    public int Active => _active.Count;

    /// <summary>The signals the lines give, and the clears of alarms not repeated within the hold time.</summary>
    public List<AlarmSignal> Evaluate(IEnumerable<LogEntry> lines, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var signals = new List<AlarmSignal>();
        foreach (var e in lines)
        {
            var who = e.Device ?? e.Host;
            foreach (var (p, match, clear) in _patterns)
            {
                var key = "syslog/" + p.Name + "/" + who;
                if (clear is not null && _active.TryGetValue(key, out var was) && clear.IsMatch(e.Text))
                {
                    _active.Remove(key);
                    signals.Add(was.Signal with { Active = false, At = e.Time });
                    continue;
                }
                if (!match.IsMatch(e.Text)) continue;
                var isNew = !_active.ContainsKey(key);
                var text = e.Text.Length <= 300 ? e.Text : e.Text[..300] + "…";
                var signal = new AlarmSignal(key, true, p.Severity, who + ": " + text)
                {
                    Source = Source,
                    Rule = Rule,
                    Subject = e.Device is { } d ? NetworkAlarmRules.DeviceSubject(d) : null,
                    Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [SyslogRules.PatternLabel] = p.Name, ["host"] = e.Host, ["device"] = e.Device ?? "",
                        // The built-in pattern's own guidance: the page shows it in the reader's language.
                        [SyslogRules.BuiltInLabel] = BuiltIn.TryGetValue(p.Name, out var g) && g == p.Guidance ? "true" : "false",
                    },
                    Guidance = p.Guidance,
                    Links = [new AlarmLink("Logs", "/logs?" + (e.Device is { } dev ? "device=" + Uri.EscapeDataString(dev) : "host=" + Uri.EscapeDataString(e.Host)))],
                    At = e.Time,
                };
                _active[key] = (signal, now);
                if (isNew) signals.Add(signal);
            }
        }
        foreach (var (key, (signal, last)) in _active.ToList())
        {
            if (now - last < hold) continue;
            _active.Remove(key);
            signals.Add(signal with { Active = false, At = null });
        }
        return signals;
    }
}
