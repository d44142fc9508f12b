namespace OnlineConsole.Core.Network;

/// <summary>
/// A condition the alarm system should raise. <see cref="Label"/> is short enough for a graph ("hd086 error!"),
/// <see cref="Detail"/> says what was measured.
/// </summary>
public sealed record NetworkAlarmCandidate(NetworkAlarmKind Kind, string Device, string? Port, string Label, string Detail)
{
    public NetworkAlarmSeverity Severity { get; init; } = NetworkAlarmSeverity.Alarm;
}
