using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>How often one alarm key activated in the window, and its share of all activations.</summary>
public sealed record AlarmKeyFrequency(string Key, int Activations, double Share, AlarmSeverity Severity, string Message);
