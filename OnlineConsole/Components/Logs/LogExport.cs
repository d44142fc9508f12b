using System.Globalization;
using System.Text;
using OnlineConsole.Core.Logs;

namespace OnlineConsole.Components.Logs;

/// <summary>How log lines leave the console: one text line each (copy) or CSV rows (export), and the filter as a query string.</summary>
public static class LogExport
{
    public const string CsvPath = "/api/logs.csv";

    public static readonly string[] CsvHeader = ["time_utc", "received_utc", "origin", "level", "host", "device", "process", "run", "facility", "text", "detail", "via"];

    /// <summary>"2026-12-07T06:00:00.125Z ERROR hd012 DataFlow.EventBuilder [run 5012] text".</summary>
    public static string Line(LogEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var sb = new StringBuilder();
        sb.Append(Utc(e.Time)).Append(' ').Append(e.Severity.ToString().ToUpperInvariant()).Append(' ').Append(e.Device ?? e.Host);
        if (e.Process is { } p) sb.Append(' ').Append(p);
        if (e.Run is { } r) sb.Append(" [run ").Append(r.ToString(CultureInfo.InvariantCulture)).Append(']');
        sb.Append(' ').Append(e.Text.Replace('\n', ' ').Replace('\r', ' '));
        return sb.ToString();
    }

    public static string?[] CsvRow(LogEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return
        [
            Utc(e.Time), Utc(e.Received), e.Origin.ToString(), e.Severity.ToString(), e.Host, e.Device, e.Process,
            e.Run?.ToString(CultureInfo.InvariantCulture), e.Facility?.ToString(CultureInfo.InvariantCulture), e.Text, e.Detail, e.Via,
        ];
    }

    /// <summary>The filter as the CSV endpoint reads it back (<see cref="ParseQuery"/>).</summary>
    public static string Query(LogFilter f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var parts = new List<string>();
        void Add(string k, string? v)
        {
            if (!string.IsNullOrEmpty(v)) parts.Add(k + "=" + Uri.EscapeDataString(v));
        }
        Add("text", f.Text);
        if (f.IsRegex) Add("regex", "true");
        if (f.MaxSeverity != LogSeverity.Debug) Add("level", f.MaxSeverity.ToString());
        Add("origin", f.Origin?.ToString());
        Add("host", f.Host);
        Add("device", f.Device);
        Add("process", f.Process);
        Add("run", f.Run?.ToString(CultureInfo.InvariantCulture));
        Add("from", f.From?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("to", f.To?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>Reads a filter from query values; an unknown level, origin, run or time throws <see cref="FormatException"/>.</summary>
    public static LogFilter ParseQuery(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var f = new LogFilter
        {
            Text = get("text"),
            IsRegex = get("regex") is "true" or "1",
            Host = get("host"),
            Device = get("device"),
            Process = get("process"),
        };
        if (get("level") is { Length: > 0 } level)
            f = f with { MaxSeverity = Enum.TryParse<LogSeverity>(level, true, out var s) && Enum.IsDefined(s) ? s : throw new FormatException($"level '{level}' is not one of {string.Join(", ", Enum.GetNames<LogSeverity>())}") };
        if (get("origin") is { Length: > 0 } origin)
            f = f with { Origin = Enum.TryParse<LogOrigin>(origin, true, out var o) && Enum.IsDefined(o) ? o : throw new FormatException($"origin '{origin}' is not Daq or Syslog") };
        if (get("run") is { Length: > 0 } run)
            f = f with { Run = long.TryParse(run, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : throw new FormatException($"run '{run}' is not a run number") };
        f = f with { From = Time(get("from"), "from"), To = Time(get("to"), "to") };
        return f;
    }

    private static DateTimeOffset? Time(string? s, string name)
    {
        if (string.IsNullOrEmpty(s)) return null;
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : throw new FormatException($"{name} '{s}' is not a time");
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
