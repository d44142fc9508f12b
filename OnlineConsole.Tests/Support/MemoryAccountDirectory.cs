using OnlineConsole.Core.Security;
using OnlineConsole.Security;

namespace OnlineConsole.Tests.Support;

/// <summary>Accounts in memory for component tests: a test changes one and the pages must follow.</summary>
public sealed class MemoryAccountDirectory : IAccountDirectory
{
    private readonly Dictionary<string, AccountState> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public event EventHandler<AccountChangedEventArgs>? Changed;

    public void Set(string name, OperatorRole role, bool disabled = false)
    {
        lock (_accounts) _accounts[name] = new AccountState(name, role, disabled, "stamp");
        Changed?.Invoke(this, new AccountChangedEventArgs(name));
    }

    public AccountState? Find(string name)
    {
        lock (_accounts) return _accounts.GetValueOrDefault(name);
    }

    public bool IsSessionActive(string sessionId) => true;
}
