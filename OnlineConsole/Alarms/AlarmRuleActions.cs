using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Security;
using OnlineConsole.Security;

namespace OnlineConsole.Alarms;

/// <summary>Changing how a rule's alarms behave: admins only, with a reason, audited with the rule before and after.</summary>
public sealed class AlarmRuleActions(ActionService actions, AlarmRuleSettings rules)
{
    public const string ChangeAction = "alarm-rule.change";

    public IReadOnlyDictionary<string, AlarmRule> Current => rules.Current;

    /// <summary>How alarms of a rule nobody configured behave (Alarms:DefaultRule).</summary>
    public AlarmRule Default => rules.Default;

    public Task<ActionResult> SaveAsync(string name, AlarmRule rule, string? reason)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return actions.RunAsync(new ConsoleAction(ChangeAction, name, OperatorRole.Admin, reason), who =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            var before = rules.Save(name, rule, who.Name);
            return Task.FromResult(new ActionAudit("ok", AlarmRuleSettings.Describe(before), AlarmRuleSettings.Describe(rule)));
        });
    }
}
