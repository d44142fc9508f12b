namespace OnlineConsole.Core.Notifications;

public sealed record DiffLine(DiffKind Kind, string Text);
