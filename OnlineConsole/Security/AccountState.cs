using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

/// <param name="Stamp">Changes when the account is disabled, enabled or gets a new password: cookies carrying an older stamp are refused.</param>
public sealed record AccountState(string Name, OperatorRole Role, bool Disabled, string Stamp);
