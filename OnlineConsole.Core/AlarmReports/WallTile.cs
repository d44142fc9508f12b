using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// One area on the wall: its worst active alarm (null: nothing active, "OK"), how many are active and how many
/// wait for an acknowledgement, how many its list holds (active, or cleared and waiting), and the first few of them.
/// </summary>
public sealed record WallTile(string Area, AlarmSeverity? Worst, int Active, int Unacknowledged, int Listed, IReadOnlyList<Alarm> Top);
