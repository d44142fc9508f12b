using System.Globalization;
using System.Text;

namespace OnlineConsole.Collectors.Syslog;

/// <summary>
/// Parses one syslog message (one UDP datagram or one TCP frame): RFC 5424 when a version follows the PRI, RFC 3164
/// otherwise. Strict where the RFCs are (a PRI is required, bytes must be UTF-8), lenient where senders differ in
/// practice (RFC 3164 without a hostname, or with an RFC 3339 time as rsyslog writes it).
/// </summary>
public static class SyslogParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <param name="legacyZone">The zone of RFC 3164 times, which carry none.</param>
    /// <param name="now">Gives the year of RFC 3164 times (the previous one when the date would be in the future).</param>
    public static bool TryParse(ReadOnlySpan<byte> bytes, TimeZoneInfo legacyZone, DateTimeOffset now, out SyslogMessage? message, out string error)
    {
        ArgumentNullException.ThrowIfNull(legacyZone);
        message = null;
        // Trailing newlines and NULs are framing some senders add, not content.
        while (bytes.Length > 0 && bytes[^1] is (byte)'\n' or (byte)'\r' or 0) bytes = bytes[..^1];
        string s;
        try
        {
            s = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            error = "not UTF-8";
            return false;
        }
        if (s.Length > 0 && s[0] == '\uFEFF') s = s[1..];
        if (!TryPri(s, out var pri, out var rest, out error)) return false;
        var facility = pri / 8;
        var severity = pri % 8;
        if (rest.Length >= 2 && rest[0] == '1' && rest[1] == ' ') return TryRfc5424(rest[2..], facility, severity, out message, out error);
        message = Rfc3164(rest, facility, severity, legacyZone, now);
        error = "";
        return true;
    }

    private static bool TryPri(string s, out int pri, out string rest, out string error)
    {
        pri = 0;
        rest = "";
        error = "";
        var close = s.IndexOf('>', StringComparison.Ordinal);
        if (s.Length == 0 || s[0] != '<' || close is < 2 or > 4)
        {
            error = s.Length == 0 ? "empty" : "no <PRI> at the start";
            return false;
        }
        if (!int.TryParse(s.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out pri) || pri > 191 || (close > 2 && s[1] == '0'))
        {
            error = $"PRI '{s[..(close + 1)]}' is not a number from 0 to 191";
            return false;
        }
        rest = s[(close + 1)..];
        return true;
    }

    private static bool TryRfc5424(string s, int facility, int severity, out SyslogMessage? message, out string error)
    {
        message = null;
        var pos = 0;
        string? Field()
        {
            if (pos >= s.Length) return null;
            var sp = s.IndexOf(' ', pos);
            var f = sp < 0 ? s[pos..] : s[pos..sp];
            pos = sp < 0 ? s.Length : sp + 1;
            return f;
        }
        var time = Field();
        var host = Field();
        var app = Field();
        var proc = Field();
        var msgId = Field();
        if (msgId is null || pos > s.Length)
        {
            error = "truncated RFC 5424 header";
            return false;
        }
        if (host!.Length > 255 || app!.Length > 48 || proc!.Length > 128 || msgId.Length > 32)
        {
            error = "an RFC 5424 header field is longer than the RFC allows";
            return false;
        }
        DateTimeOffset? at = null;
        if (time != "-")
        {
            if (!DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) || time!.IndexOf('T', StringComparison.Ordinal) < 0)
            {
                error = $"timestamp '{Cut(time)}' is not RFC 3339";
                return false;
            }
            at = t.ToUniversalTime();
        }
        if (pos >= s.Length)
        {
            error = "truncated RFC 5424 message: no STRUCTURED-DATA";
            return false;
        }
        string? sd;
        if (s[pos] == '-')
        {
            sd = null;
            pos++;
        }
        else if (s[pos] == '[')
        {
            var start = pos;
            if (!SkipStructuredData(s, ref pos))
            {
                error = "STRUCTURED-DATA is not closed";
                return false;
            }
            sd = s[start..pos];
        }
        else
        {
            error = "STRUCTURED-DATA is neither '-' nor '[...]'";
            return false;
        }
        var text = pos < s.Length && s[pos] == ' ' ? s[(pos + 1)..] : pos < s.Length ? s[pos..] : "";
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        // Relays (rsyslog's %msg%) keep the space that followed a BSD tag's colon: it is not content.
        text = text.TrimStart(' ');
        message = new SyslogMessage(facility, severity, at, Nil(host), Nil(app), Nil(proc), text) { MsgId = Nil(msgId), StructuredData = sd, Version = 1 };
        error = "";
        return true;
    }

    // One or more SD-ELEMENTs; inside a quoted PARAM-VALUE, \" \\ and \] are escapes.
    private static bool SkipStructuredData(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] == '[')
        {
            var quoted = false;
            pos++;
            while (true)
            {
                if (pos >= s.Length) return false;
                var c = s[pos];
                if (quoted && c == '\\' && pos + 1 < s.Length) pos += 2;
                else
                {
                    if (c == '"') quoted = !quoted;
                    pos++;
                    if (c == ']' && !quoted) break;
                }
            }
        }
        return true;
    }

    private static SyslogMessage Rfc3164(string s, int facility, int severity, TimeZoneInfo zone, DateTimeOffset now)
    {
        DateTimeOffset? at = null;
        var rest = s;
        // "Mmm dd hh:mm:ss " (day space-padded), or an RFC 3339 time as rsyslog's forwarding templates write it.
        if (rest.Length >= 16 && Array.IndexOf(Months, rest[..3]) is var month and >= 0 && rest[3] == ' ' && rest[15] == ' '
            && int.TryParse(rest.AsSpan(4, 2).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && TimeSpan.TryParseExact(rest.AsSpan(7, 8), @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var tod))
        {
            at = Legacy(now, month + 1, day, tod, zone);
            rest = rest[16..];
        }
        else if (rest.IndexOf(' ', StringComparison.Ordinal) is var sp and > 10 && rest[4] == '-' && rest[10] == 'T'
            && DateTimeOffset.TryParse(rest[..sp], CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
        {
            at = iso.ToUniversalTime();
            rest = rest[(sp + 1)..];
        }
        string? host = null;
        if (at is not null)
        {
            // A hostname follows the time unless the next word is already the tag ("tag:" or "tag[pid]:").
            var sp2 = rest.IndexOf(' ', StringComparison.Ordinal);
            var word = sp2 < 0 ? rest : rest[..sp2];
            if (word.Length > 0 && !word.EndsWith(':') && !word.Contains('[', StringComparison.Ordinal))
            {
                host = word;
                rest = sp2 < 0 ? "" : rest[(sp2 + 1)..];
            }
        }
        string? app = null, proc = null;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon is > 0 and <= 64 && !rest[..colon].Contains(' ', StringComparison.Ordinal))
        {
            var tag = rest[..colon];
            var bracket = tag.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && tag.EndsWith(']'))
            {
                app = tag[..bracket];
                proc = tag[(bracket + 1)..^1];
            }
            else app = tag;
            rest = rest[(colon + 1)..].TrimStart(' ');
        }
        return new SyslogMessage(facility, severity, at, host, app, proc, rest);
    }

    private static DateTimeOffset Legacy(DateTimeOffset now, int month, int day, TimeSpan tod, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var year = local.Year;
        // "Dec 31" received on 1 January is last year's.
        if (month > local.Month + 1) year--;
        day = Math.Min(day, DateTime.DaysInMonth(year, month));
        var dt = new DateTime(year, month, Math.Max(1, day), 0, 0, 0, DateTimeKind.Unspecified) + tod;
        return new DateTimeOffset(dt, zone.GetUtcOffset(dt)).ToUniversalTime();
    }

    private static string? Nil(string? f) => f is null or "-" ? null : f;

    private static string Cut(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
