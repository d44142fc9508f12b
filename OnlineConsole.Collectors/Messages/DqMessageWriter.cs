using System.Buffers;
using System.Globalization;
using System.Text.Json;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;

namespace OnlineConsole.Collectors.Messages;

/// <summary>Writes LOG, METRIC and HISTOGRAM messages exactly as docs/contracts.md has them (the parser's inverse).</summary>
public static class DqMessageWriter
{
    public static byte[] Log(LogEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Write(w =>
        {
            w.WriteString("time", Time(e.Time));
            w.WriteString("host", e.Host);
            if (e.Process is not null) w.WriteString("process", e.Process);
            w.WriteString("level", Level(e.Severity));
            w.WriteString("text", e.Text);
            if (e.Run is { } run) w.WriteNumber("run", run);
        });
    }

    public static byte[] Metric(MetricSample m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return Write(w =>
        {
            w.WriteString("name", m.Name);
            w.WriteStartObject("labels");
            foreach (var (k, v) in m.Labels) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteNumber("value", m.Value);
            w.WriteString("time", Time(m.Time));
        });
    }

    public static byte[] Histogram(Histogram h)
    {
        ArgumentNullException.ThrowIfNull(h);
        return Write(w =>
        {
            w.WriteString("name", h.Name);
            w.WriteNumber("run", h.Run);
            if (h.Title is not null) w.WriteString("title", h.Title);
            if (h.XLabel is not null) w.WriteString("xlabel", h.XLabel);
            w.WriteStartArray("edges");
            foreach (var x in h.Edges) w.WriteNumberValue(x);
            w.WriteEndArray();
            w.WriteStartArray("counts");
            foreach (var c in h.Counts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteNumber("entries", h.Entries);
            w.WriteNumber("underflow", h.Underflow);
            w.WriteNumber("overflow", h.Overflow);
            w.WriteString("time", Time(h.Time));
        });
    }

    /// <summary>The contract's level word for a severity (the DAQ levels; syslog's extra ones map to the nearest).</summary>
    public static string Level(LogSeverity s) => s switch
    {
        <= LogSeverity.Critical => "FATAL",
        LogSeverity.Error => "ERROR",
        LogSeverity.Warning => "WARN",
        LogSeverity.Notice => "NOTICE",
        LogSeverity.Info => "INFO",
        _ => "DEBUG",
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
