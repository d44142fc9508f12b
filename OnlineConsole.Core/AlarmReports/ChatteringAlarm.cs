using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// An alarm that chattered in the window (at least the chatter count of activations within the chatter window),
/// or is marked chattering now (<see cref="Alarm.Chattering"/>).
/// </summary>
public sealed record ChatteringAlarm(string Key, string Message, AlarmSeverity Severity, int Activations, int MostInChatterWindow, bool ChatteringNow);
