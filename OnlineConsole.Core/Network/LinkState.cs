namespace OnlineConsole.Core.Network;

public enum LinkState
{
    Unknown,
    Up,
    Down,
}
