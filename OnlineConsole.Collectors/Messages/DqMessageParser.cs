using System.Globalization;
using System.Text.Json;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;

namespace OnlineConsole.Collectors.Messages;

/// <summary>
/// Reads LOG, METRIC and HISTOGRAM messages exactly as docs/contracts.md writes them: UTF-8 JSON objects with the
/// fields named there. Anything else (not JSON, a field missing or of the wrong type, an unknown level, bins that
/// do not fit their edges) is refused with the reason, never half-accepted. Unknown extra fields are ignored, so
/// senders can add fields before the console reads them.
/// </summary>
public static class DqMessageParser
{
    public const int MaxTextLength = 16_384;
    public const int MaxBins = 100_000;
    public const int MaxLabels = 32;

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 8 };

    public static bool TryParseLog(ReadOnlyMemory<byte> json, out LogEntry? entry, out string error)
    {
        entry = null;
        if (!TryRoot(json, out var doc, out error)) return false;
        using (doc)
        {
            var o = doc!.RootElement;
            if (!TryTime(o, out var time, out error) || !TryString(o, "host", true, out var host, out error)
                || !TryString(o, "process", false, out var process, out error) || !TryString(o, "level", true, out var level, out error)
                || !TryString(o, "text", true, out var text, out error, MaxTextLength) || !TryRun(o, false, out var run, out error)) return false;
            if (!LogSeverities.TryParseDaqLevel(level, out var severity))
            {
                error = $"level '{Cut(level)}' is not one of FATAL, ERROR, WARN, NOTICE, INFO, DEBUG";
                return false;
            }
            entry = new LogEntry(time, LogOrigin.Daq, severity, host!, text!) { Process = process, Run = run };
            return true;
        }
    }

    public static bool TryParseMetric(ReadOnlyMemory<byte> json, out MetricSample? sample, out string error)
    {
        sample = null;
        if (!TryRoot(json, out var doc, out error)) return false;
        using (doc)
        {
            var o = doc!.RootElement;
            if (!TryString(o, "name", true, out var name, out error, 200) || !TryTime(o, out var time, out error)) return false;
            if (!o.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                error = "value is missing or not a finite number";
                return false;
            }
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (o.TryGetProperty("labels", out var l) && l.ValueKind != JsonValueKind.Null)
            {
                if (l.ValueKind != JsonValueKind.Object)
                {
                    error = "labels is not an object";
                    return false;
                }
                foreach (var p in l.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Name.Length is 0 or > 100 || p.Value.GetString()!.Length > 200)
                    {
                        error = $"label '{Cut(p.Name)}' is not a string of at most 200 characters";
                        return false;
                    }
                    labels[p.Name] = p.Value.GetString()!;
                }
                if (labels.Count > MaxLabels)
                {
                    error = $"more than {MaxLabels} labels";
                    return false;
                }
            }
            sample = new MetricSample(name!, labels, value, time);
            return true;
        }
    }

    public static bool TryParseHistogram(ReadOnlyMemory<byte> json, out Histogram? histogram, out string error)
    {
        histogram = null;
        if (!TryRoot(json, out var doc, out error)) return false;
        using (doc)
        {
            var o = doc!.RootElement;
            if (!TryString(o, "name", true, out var name, out error, 200) || !TryRun(o, true, out var run, out error) || !TryTime(o, out var time, out error)
                || !TryNumbers(o, "edges", out var edges, out error) || !TryNumbers(o, "counts", out var counts, out error)
                || !TryNumber(o, "entries", out var entries, out error) || !TryNumber(o, "underflow", out var under, out error)
                || !TryNumber(o, "overflow", out var over, out error) || !TryString(o, "title", false, out var title, out error, 200)
                || !TryString(o, "xlabel", false, out var xlabel, out error, 200)) return false;
            var h = new Histogram(name!, run!.Value, edges, counts, entries, under, over, time) { Title = title, XLabel = xlabel };
            var problem = h.Validate().FirstOrDefault();
            if (problem is not null)
            {
                error = problem;
                return false;
            }
            histogram = h;
            return true;
        }
    }

    private static bool TryRoot(ReadOnlyMemory<byte> json, out JsonDocument? doc, out string error)
    {
        doc = null;
        error = "";
        try
        {
            doc = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            error = "not JSON: " + ex.Message;
            return false;
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            doc = null;
            error = "not a JSON object";
            return false;
        }
        return true;
    }

    private static bool TryString(JsonElement o, string field, bool required, out string? value, out string error, int max = 500)
    {
        value = null;
        error = "";
        if (!o.TryGetProperty(field, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            if (!required) return true;
            error = field + " is missing";
            return false;
        }
        if (p.ValueKind != JsonValueKind.String)
        {
            error = field + " is not a string";
            return false;
        }
        value = p.GetString()!;
        if (required && value.Length == 0)
        {
            error = field + " is empty";
            return false;
        }
        if (value.Length > max)
        {
            error = $"{field} is longer than {max} characters ({value.Length})";
            return false;
        }
        return true;
    }

    private static bool TryTime(JsonElement o, out DateTimeOffset time, out string error)
    {
        time = default;
        error = "";
        if (!o.TryGetProperty("time", out var p) || p.ValueKind != JsonValueKind.String)
        {
            error = "time is missing or not a string";
            return false;
        }
        // RFC 3339 with an offset; a time without one is refused rather than guessed as local.
        var s = p.GetString()!;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out time)
            || !(s.EndsWith('Z') || s.EndsWith('z') || s.LastIndexOfAny(['+', '-']) > s.IndexOf('T', StringComparison.Ordinal)))
        {
            error = $"time '{Cut(s)}' is not an RFC 3339 time with an offset";
            return false;
        }
        time = time.ToUniversalTime();
        return true;
    }

    private static bool TryRun(JsonElement o, bool required, out long? run, out string error)
    {
        run = null;
        error = "";
        if (!o.TryGetProperty("run", out var p) || p.ValueKind == JsonValueKind.Null)
        {
            if (!required) return true;
            error = "run is missing";
            return false;
        }
        if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt64(out var r) || r < 0)
        {
            error = "run is not a non-negative integer";
            return false;
        }
        run = r;
        return true;
    }

    private static bool TryNumber(JsonElement o, string field, out double value, out string error)
    {
        value = 0;
        error = "";
        if (!o.TryGetProperty(field, out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetDouble(out value) || !double.IsFinite(value))
        {
            error = field + " is missing or not a finite number";
            return false;
        }
        return true;
    }

    private static bool TryNumbers(JsonElement o, string field, out double[] values, out string error)
    {
        values = [];
        error = "";
        if (!o.TryGetProperty(field, out var p) || p.ValueKind != JsonValueKind.Array)
        {
            error = field + " is missing or not an array";
            return false;
        }
        var n = p.GetArrayLength();
        if (n > MaxBins + 1)
        {
            error = $"{field} has {n} elements, more than {MaxBins + 1}";
            return false;
        }
        values = new double[n];
        var i = 0;
        foreach (var e in p.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                error = $"{field}[{i}] is not a finite number";
                return false;
            }
            values[i++] = d;
        }
        return true;
    }

    private static string Cut(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
