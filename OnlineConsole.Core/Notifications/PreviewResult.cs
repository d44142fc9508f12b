namespace OnlineConsole.Core.Notifications;

/// <summary>The preview of one alarm: not enabled, dropped by a silence, or the routes it takes.</summary>
public sealed record PreviewResult(bool Enabled, SilenceOptions? Silence, IReadOnlyList<PreviewRoute> Routes);
