using System.Globalization;

namespace OnlineConsole.Core.Notifications;

/// <summary>
/// Times of day ("22:00-06:00" wraps midnight; empty = all day) on weekdays ("monday:friday", "sunday"; empty = every
/// day), read as wall-clock time in the site time zone, so a muted 08:00-09:00 stays 08:00-09:00 across a DST change.
/// </summary>
public sealed class TimeIntervalOptions
{
    private static readonly string[] Days = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public List<string> Times { get; set; } = [];
    public List<string> Weekdays { get; set; } = [];

    public bool Contains(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var minute = local.Hour * 60 + local.Minute;
        var day = (int)local.DayOfWeek;
        if (Times.Count == 0) return DayMatches(day);
        foreach (var t in Times)
        {
            if (!TryParseRange(t, out var from, out var to, out _)) continue;
            if (from < to ? minute >= from && minute < to && DayMatches(day)
                : (minute >= from && DayMatches(day)) || (minute < to && DayMatches((day + 6) % 7)))
                return true;
        }
        return false;
    }

    public IEnumerable<string> Validate(string prefix)
    {
        foreach (var t in Times)
            if (!TryParseRange(t, out _, out _, out var error)) yield return $"{prefix}:Times '{t}' {error}.";
        foreach (var w in Weekdays)
            if (!TryParseDays(w, out _, out _)) yield return $"{prefix}:Weekdays '{w}' is not a weekday or a range like monday:friday.";
    }

    private bool DayMatches(int day)
    {
        if (Weekdays.Count == 0) return true;
        foreach (var w in Weekdays)
        {
            if (!TryParseDays(w, out var a, out var b)) continue;
            if (a <= b ? day >= a && day <= b : day >= a || day <= b) return true;
        }
        return false;
    }

    private static bool TryParseDays(string text, out int from, out int to)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':');
        from = Array.IndexOf(Days, parts[0]);
        to = parts.Length == 2 ? Array.IndexOf(Days, parts[1]) : from;
        return parts.Length <= 2 && from >= 0 && to >= 0;
    }

    private static bool TryParseRange(string text, out int from, out int to, out string? error)
    {
        from = to = 0;
        error = null;
        var parts = text.Split('-');
        if (parts.Length != 2 || !TryMinute(parts[0], out from) || !TryMinute(parts[1], out to))
        {
            error = "is not a range like 08:00-17:30";
            return false;
        }
        if (from == to) { error = "is empty (start equals end)"; return false; }
        return true;
    }

    private static bool TryMinute(string text, out int minute)
    {
        minute = 0;
        text = text.Trim();
        if (text == "24:00") { minute = 1440; return true; }
        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
        minute = t.Hour * 60 + t.Minute;
        return true;
    }
}
