namespace OnlineConsole.Security;

public sealed class AccountChangedEventArgs(string name) : EventArgs
{
    public string Name { get; } = name;
}
