using System.Text.RegularExpressions;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>
/// One condition on an alarm, written as in Alertmanager: <c>area=cd</c>, <c>severity!=Warning</c>,
/// <c>key=~"port:.*"</c>. Names "severity", "state", "key", "source", "rule" and "message" read the alarm; any other
/// name reads a label (a missing label is the empty string, so <c>x!=""</c> means "has label x").
/// </summary>
public sealed class Matcher
{
    private static readonly string[] Operators = ["=~", "!~", "!=", "="];
    private readonly Regex? _regex;

    private Matcher(string name, MatchOperator op, string value)
    {
        Name = name;
        Operator = op;
        Value = value;
        if (op is MatchOperator.Regex or MatchOperator.NotRegex)
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
    }

    public string Name { get; }
    public MatchOperator Operator { get; }
    public string Value { get; }

    /// <summary>Parses "name op value"; the value may be in double quotes. Null and the reason when it is not a matcher.</summary>
    public static Matcher? TryParse(string text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "the matcher is empty"; return null; }
        foreach (var token in Operators)
        {
            var i = text.IndexOf(token, StringComparison.Ordinal);
            if (i <= 0) continue;
            // "a!=b" contains "=" too: the first operator found at the earliest place wins, longer tokens first.
            var earlier = Operators.Where(t => t != token).Select(t => text.IndexOf(t, StringComparison.Ordinal)).Where(j => j >= 0 && j < i).Any();
            if (earlier) continue;
            var name = text[..i].Trim();
            var value = text[(i + token.Length)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.')) { error = $"'{text}' has no valid name"; return null; }
            var op = token switch { "=~" => MatchOperator.Regex, "!~" => MatchOperator.NotRegex, "!=" => MatchOperator.NotEqual, _ => MatchOperator.Equal };
            try
            {
                return new Matcher(name, op, value);
            }
            catch (ArgumentException ex)
            {
                error = $"'{text}' has an invalid regular expression: {ex.Message}";
                return null;
            }
        }
        error = $"'{text}' has no operator (=, !=, =~, !~)";
        return null;
    }

    public static Matcher Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException(error);

    public bool Matches(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var actual = Read(alarm, Name);
        return Operator switch
        {
            MatchOperator.Equal => string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase),
            MatchOperator.NotEqual => !string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase),
            MatchOperator.Regex => _regex!.IsMatch(actual),
            _ => !_regex!.IsMatch(actual),
        };
    }

    /// <summary>The value a matcher or group_by name reads from an alarm.</summary>
    public static string Read(Alarm alarm, string name)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return name switch
        {
            "severity" => alarm.Severity.ToString(),
            "state" => alarm.State.ToString(),
            "key" => alarm.Key,
            "source" => alarm.Source,
            "rule" => alarm.Rule,
            "message" => alarm.Message,
            _ => alarm.Labels.TryGetValue(name, out var v) ? v : "",
        };
    }

    public override string ToString() => Name + Operator switch
    {
        MatchOperator.Equal => "=",
        MatchOperator.NotEqual => "!=",
        MatchOperator.Regex => "=~",
        _ => "!~",
    } + "\"" + Value + "\"";
}
