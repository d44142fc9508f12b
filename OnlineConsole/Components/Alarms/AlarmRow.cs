using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Components.Alarms;

/// <summary>An alarm as a list row, with its texts in the page's language made once (sorting 10,000 rows compares these).</summary>
public sealed record AlarmRow(Alarm Alarm, string Text, string AreaName);
