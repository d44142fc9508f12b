using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// One area on the wall: its worst active alarm (null: nothing active, "OK"), how many are active and how many
/// wait for an acknowledgement, and the first few alarms of its list, worst first.
/// </summary>
public sealed record WallTile(string Area, AlarmSeverity? Worst, int Active, int Unacknowledged, IReadOnlyList<Alarm> Top);
