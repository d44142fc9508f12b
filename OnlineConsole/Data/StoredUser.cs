using OnlineConsole.Core.Security;

namespace OnlineConsole.Data;

/// <param name="Stamp">Security stamp: a new one ends the account's sessions.</param>
public sealed record StoredUser(string Name, OperatorRole Role, bool Disabled, int FailedLogins, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, DateTimeOffset PasswordChangedAt, string Stamp);
