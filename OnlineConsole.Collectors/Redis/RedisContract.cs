using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Collectors.Redis;

/// <summary>
/// The wire format of docs/contracts.md, shared by the collector (reader) and the simulator's run controller
/// (writer) so both sides of the contract are the same code.
/// </summary>
public static class RedisContract
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Fields of the current-run hash.</summary>
    public static KeyValuePair<string, string>[] FormatRun(RunStatus run, string source, DateTimeOffset updated, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("number", run.RunNumber.ToString(CultureInfo.InvariantCulture)),
            new("state", StateName(run.State)),
            new("type", run.RunType),
            new("start", run.StartedAt is { } s ? Time(s) : ""),
            new("stop", run.StoppedAt is { } t ? Time(t) : ""),
            new("stop_reason", run.StopReason ?? ""),
            new("updated", Time(updated)),
            new("source", source),
        };
        if (comment is not null) fields.Add(new("comment", comment));
        return [.. fields];
    }

    /// <summary>Parses the current-run hash. Returns null and a reason when a field is missing or malformed.</summary>
    public static (RunStatus? Run, string? Source, string? Error) ParseRun(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0) return (null, null, null);
        var f = fields.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (!f.TryGetValue("number", out var n) || !long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            return (null, null, $"run number '{f.GetValueOrDefault("number")}' is not an integer");
        if (number < 0) return (null, null, $"run number {number} is negative");
        if (!f.TryGetValue("state", out var st) || !TryParseState(st, out var state)) return (null, null, $"unknown run state '{f.GetValueOrDefault("state")}'");
        DateTimeOffset? start = null, stop = null;
        if (f.TryGetValue("start", out var s) && s.Length > 0)
        {
            if (!TryTime(s, out var v)) return (null, null, $"start time '{s}' is not ISO-8601");
            start = v;
        }
        if (f.TryGetValue("stop", out var e) && e.Length > 0)
        {
            if (!TryTime(e, out var v)) return (null, null, $"stop time '{e}' is not ISO-8601");
            stop = v;
        }
        var reason = f.GetValueOrDefault("stop_reason");
        var run = new RunStatus(number, state, f.GetValueOrDefault("type") is { Length: > 0 } type ? type : "unknown", start, stop, string.IsNullOrEmpty(reason) ? null : reason);
        return (run, f.GetValueOrDefault("source") is { Length: > 0 } src ? src : "run-control", null);
    }

    /// <summary>The data-flow summary's run number, or an error; null number when the hash is absent.</summary>
    public static (long? Number, string? Error) ParseDataFlowRun(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var v = fields.FirstOrDefault(kv => kv.Key == "run").Value;
        if (v is null) return (null, null);
        if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return (null, $"data-flow run '{v}' is not an integer");
        return n < 0 ? (null, $"data-flow run {n} is negative") : (n, null);
    }

    public static string StateName(RunState state) => state.ToString().ToLowerInvariant();

    /// <summary>State names only (case-insensitive); numbers are refused so a stray integer is not a state.</summary>
    public static bool TryParseState(string? text, out RunState state)
    {
        state = default;
        return !string.IsNullOrEmpty(text) && !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state);
    }

    public static string FormatHistory(RunRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return JsonSerializer.Serialize(new HistoryJson(r.Number, r.RunType, r.StartedAt, r.StoppedAt, r.StopReason), Json);
    }

    public static RunRecord? ParseHistory(string json)
    {
        try
        {
            var h = JsonSerializer.Deserialize<HistoryJson>(json, Json);
            return h is null || h.Number < 0 ? null : new RunRecord(h.Number, h.Type ?? "unknown", h.Start, h.Stop, h.Reason);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string FormatCommand(string id, RunCommandRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.Serialize(new CommandJson(id, request.Command.ToString().ToLowerInvariant(), request.User, request.RunType, request.Comment, request.Reason), Json);
    }

    public static (string? Id, RunCommandRequest? Request, string? Error) ParseCommand(string json)
    {
        try
        {
            var c = JsonSerializer.Deserialize<CommandJson>(json, Json);
            if (c?.Id is not { Length: > 0 } id) return (null, null, "command without id");
            if (c.Command is null || char.IsAsciiDigit(c.Command[0]) || !Enum.TryParse<RunCommand>(c.Command, ignoreCase: true, out var cmd) || !Enum.IsDefined(cmd))
                return (id, null, $"unknown command '{c.Command}'");
            return (id, new RunCommandRequest(cmd, c.User ?? "unknown", c.RunType, c.Comment, c.Reason), null);
        }
        catch (JsonException ex)
        {
            return (null, null, "command is not JSON: " + ex.Message);
        }
    }

    public static string FormatReply(string id, bool accepted, string? detail) => JsonSerializer.Serialize(new ReplyJson(id, accepted, detail), Json);

    public static ReplyJson? ParseReply(string json)
    {
        try
        {
            var r = JsonSerializer.Deserialize<ReplyJson>(json, Json);
            return r?.Id is { Length: > 0 } ? r : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool TryTime(string s, out DateTimeOffset t) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t);

    public sealed record HistoryJson(
        [property: JsonPropertyName("number")] long Number,
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("start")] DateTimeOffset? Start,
        [property: JsonPropertyName("stop")] DateTimeOffset? Stop,
        [property: JsonPropertyName("reason")] string? Reason);

    public sealed record CommandJson(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("command")] string? Command,
        [property: JsonPropertyName("user")] string? User,
        [property: JsonPropertyName("run_type")] string? RunType,
        [property: JsonPropertyName("comment")] string? Comment,
        [property: JsonPropertyName("reason")] string? Reason);

    public sealed record ReplyJson(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("accepted")] bool Accepted,
        [property: JsonPropertyName("detail")] string? Detail);
}
