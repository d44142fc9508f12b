namespace OnlineConsole.Core.Notifications;

public enum ContactPointKind
{
    WeCom,
    Email,
    Webhook,
}
