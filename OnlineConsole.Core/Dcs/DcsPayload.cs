using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OnlineConsole.Core.Dcs;

/// <summary>
/// Reads a slow-control payload (docs/contracts.md): a bare number ("1500.2"), a status word ("ON", "OFF",
/// "TRIP"), or a JSON object {"value": 1500.2 | "ON", "time": "2026-12-07T10:00:00Z" | 1796637600.5}.
/// </summary>
public static class DcsPayload
{
    public const int MaxBytes = 1024;

    /// <summary>The reading, or the reason it cannot be one.</summary>
    public static (double Value, string? Text, DateTimeOffset? Time, string? Error) Parse(DcsKind kind, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxBytes) return (0, null, null, $"payload of {payload.Length} bytes is longer than {MaxBytes}");
        var trimmed = payload.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty) return (0, null, null, "empty payload");
        if (trimmed[0] == (byte)'{') return ParseJson(kind, trimmed);
        return kind == DcsKind.Status ? Status(Encoding.UTF8.GetString(trimmed), null) : Number(trimmed, null);
    }

    /// <summary>The value of a status word, or null when it is none (ON 1, OFF 0, TRIP -1).</summary>
    public static double? StatusValue(string text) => text.ToUpperInvariant() switch
    {
        "ON" or "1" => 1,
        "OFF" or "0" => 0,
        "TRIP" or "TRIPPED" => -1,
        _ => null,
    };

    private static (double, string?, DateTimeOffset?, string?) Status(string text, DateTimeOffset? time) =>
        StatusValue(text) is { } v ? (v, v switch { 1 => "ON", 0 => "OFF", _ => "TRIP" }, time, null)
        : (0, null, null, $"'{Clip(text)}' is not ON, OFF or TRIP");

    private static (double, string?, DateTimeOffset?, string?) Number(ReadOnlySpan<byte> text, DateTimeOffset? time)
    {
        if (!Utf8Parser.TryParse(text, out double v, out var used) || used != text.Length)
            return (0, null, null, $"'{Clip(Encoding.UTF8.GetString(text))}' is not a number");
        return double.IsFinite(v) ? (v, null, time, null) : (0, null, null, "the value is not finite");
    }

    private static (double, string?, DateTimeOffset?, string?) ParseJson(DcsKind kind, ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            DateTimeOffset? time = null;
            if (root.TryGetProperty("time", out var t))
            {
                if (t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) time = parsed;
                else if (t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out var seconds) && seconds is > 0 and < 1e11) time = DateTimeOffset.UnixEpoch.AddSeconds(seconds);
                else return (0, null, null, "'time' is neither an ISO 8601 string nor Unix seconds");
            }
            if (!root.TryGetProperty("value", out var v)) return (0, null, null, "the object has no 'value'");
            if (kind == DcsKind.Status)
                return v.ValueKind switch
                {
                    JsonValueKind.String => Status(v.GetString()!, time),
                    JsonValueKind.Number => Status(v.GetRawText(), time),
                    JsonValueKind.True => Status("ON", time),
                    JsonValueKind.False => Status("OFF", time),
                    _ => (0, null, null, "'value' is not a status"),
                };
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var number)) return (0, null, null, "'value' is not a number");
            return double.IsFinite(number) ? (number, null, time, null) : (0, null, null, "the value is not finite");
        }
        catch (JsonException ex)
        {
            return (0, null, null, "not JSON: " + ex.Message);
        }
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
