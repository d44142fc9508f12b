using System.Text.Json;
using System.Text.Json.Serialization;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Data;

namespace OnlineConsole.Alarms;

/// <summary>
/// The alarm rules as admins change them: each rule saved in the console is kept in the settings database (by name,
/// over the configuration files' rule of the same name) and applied to the live store's alarms at once.
/// </summary>
public sealed class AlarmRuleSettings(SettingsStore settings, LiveStore store)
{
    public const string Key = "Alarms:Rules";

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    private readonly Lock _gate = new();

    /// <summary>The rules in force, by name.</summary>
    public IReadOnlyDictionary<string, AlarmRule> Current => store.Alarms.Options.Rules;

    public AlarmRule Default => store.Alarms.Options.DefaultRule;

    /// <summary>
    /// Stores <paramref name="rule"/> as the rule named <paramref name="name"/> (a new name adds a rule) and applies it;
    /// returns the rule it replaced (for a new name, the default rule its alarms followed).
    /// </summary>
    /// <exception cref="ArgumentException">The name or the rule is invalid; nothing was stored or applied.</exception>
    public AlarmRule Save(string name, AlarmRule rule, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(name);
        if (NameProblem(name) is { } problem) throw new ArgumentException(problem, nameof(name));
        lock (_gate)
        {
            var before = Current.TryGetValue(name, out var was) ? was : Default;
            if (rule.Validate(name).ToList() is { Count: > 0 } errors) throw new ArgumentException(string.Join(" ", errors), nameof(rule));
            var stored = Stored();
            stored[name] = Copy(rule);
            // Stored first: a change the database did not take is not applied either.
            settings.Set(Key, JsonSerializer.Serialize(stored, Json), changedBy);
            store.Alarms.SetRules(new Dictionary<string, AlarmRule>(Current) { [name] = Copy(rule) });
            return before;
        }
    }

    /// <summary>Takes the rules another replica saved: each stored rule replaces the one of its name.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var rules = new Dictionary<string, AlarmRule>(Current);
            foreach (var (name, rule) in Stored())
                if (rule.Validate(name).ToList().Count == 0) rules[name] = rule;
            store.Alarms.SetRules(rules);
        }
    }

    /// <summary>Why <paramref name="name"/> cannot name a rule, or null.</summary>
    public static string? NameProblem(string name) =>
        name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':')
            ? $"A rule name is 1 to 100 letters, digits and . _ - : (is '{name}')."
            : null;

    /// <summary>The form of one rule in the audit's before/after.</summary>
    public static string Describe(AlarmRule rule) => JsonSerializer.Serialize(rule, Json);

    public static AlarmRule Copy(AlarmRule rule) => JsonSerializer.Deserialize<AlarmRule>(JsonSerializer.Serialize(rule, Json), Json)!;

    /// <summary>The rules saved in the console, by name (empty when none was).</summary>
    public static Dictionary<string, AlarmRule> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, AlarmRule>>(json, Json) ?? [];

    private Dictionary<string, AlarmRule> Stored() => settings.Get(Key) is { } json ? Parse(json) : [];
}
