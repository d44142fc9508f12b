using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

/// <summary>A control action or settings change as the audit names it.</summary>
/// <param name="Name">Dotted action name, e.g. "run.pause", "limits.change", "user.role".</param>
/// <param name="Target">What it acts on (a run, a setting, a user).</param>
/// <param name="Required">The lowest role allowed.</param>
/// <param name="Reason">The operator's comment ("why").</param>
public sealed record ConsoleAction(string Name, string Target, OperatorRole Required, string? Reason = null);
