namespace OnlineConsole.Core.Notifications;

/// <summary>One route an alarm would take, as the preview shows it.</summary>
/// <param name="FirstMessage">When the group's first message goes out (after group_wait, or when the mute ends).</param>
/// <param name="HeldBy">The mute timing that holds the first message past group_wait, or null.</param>
public sealed record PreviewRoute(
    EffectiveRoute Route,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyList<PreviewContact> Contacts,
    DateTimeOffset FirstMessage,
    string? HeldBy,
    IReadOnlyList<PreviewEscalation> Escalation);
