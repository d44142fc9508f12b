namespace OnlineConsole.Core.Notifications;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}
