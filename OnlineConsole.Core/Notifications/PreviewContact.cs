namespace OnlineConsole.Core.Notifications;

/// <param name="Exists">False when the route names a contact point that is not configured.</param>
public sealed record PreviewContact(string Name, bool Exists, IReadOnlyList<Mention> Mentions);
