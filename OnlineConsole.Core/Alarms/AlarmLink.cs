namespace OnlineConsole.Core.Alarms;

/// <summary>A page of the console (or an outside URL) that shows the alarm's subject.</summary>
public sealed record AlarmLink(string Title, string Href);
