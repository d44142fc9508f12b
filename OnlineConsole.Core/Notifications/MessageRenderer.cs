using System.Globalization;
using System.Net;
using System.Text;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>
/// Turns a planned message into words: severity, what, labels, since when (UTC and site time), run number and state,
/// "n affected", a link to the alarm; when a message would not fit, fewer alarms are listed and a summary line counts
/// the rest (nothing is dropped silently).
/// </summary>
public sealed class MessageRenderer(TimeZoneInfo siteZone, string publicUrl)
{
    private readonly string _base = publicUrl.TrimEnd('/');

    public string AlarmUrl(string key) => _base + "/alarms?key=" + Uri.EscapeDataString(key);

    /// <summary>Renders with at most <paramref name="maxAlarms"/> listed; each form is cut to <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public RenderedMessage Render(OutgoingNotification n, string language, int maxAlarms, int maxBytes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(n);
        var t = NotificationTexts.For(language);
        var title = Title(n, t);
        var listed = Math.Min(maxAlarms, n.Alarms.Count);
        string text, markdown;
        while (true)
        {
            text = Body(n, t, title, listed, markdown: false);
            markdown = Body(n, t, title, listed, markdown: true);
            if ((Bytes(text) <= maxBytes && Bytes(markdown) <= maxBytes) || listed == 0) break;
            listed--;
        }
        return new RenderedMessage(title, Cut(text, maxBytes), Cut(markdown, maxBytes), Html(n, t, title, Math.Min(maxAlarms, n.Alarms.Count)));
    }

    public static int Bytes(string s) => Encoding.UTF8.GetByteCount(s);

    private static string Title(OutgoingNotification n, NotificationTexts t)
    {
        var what = n.Kind switch
        {
            NotificationKind.Heartbeat => t.Heartbeat,
            NotificationKind.Test => t.Test,
            NotificationKind.Escalation => t.Escalation,
            _ => n.Firing > 0 ? t.Firing : t.Resolved,
        };
        if (n.Alarms.Count == 0) return $"[{what}] OnlineConsole";
        var worst = n.Alarms.Where(a => !a.Resolved).Select(a => a.Severity).DefaultIfEmpty(n.Alarms.Max(a => a.Severity)).Max();
        var counts = n.Firing > 0 && n.Resolved > 0 ? $" {n.Firing}/{n.Resolved}" : n.Alarms.Count > 1 ? $" {n.Alarms.Count}" : "";
        var group = string.Join(' ', n.GroupLabels.Where(kv => kv.Value.Length > 0).Select(kv => $"{kv.Key}={kv.Value}"));
        var first = n.Alarms.Count == 1 ? " " + n.Alarms[0].Message : group.Length > 0 ? " " + group : "";
        return $"[{what}{counts}] {t.Severity(worst)}:{first}";
    }

    private string Body(OutgoingNotification n, NotificationTexts t, string title, int listed, bool markdown)
    {
        var sb = new StringBuilder();
        sb.Append(markdown ? "**" + title + "**" : title).Append('\n');
        if (n.Kind == NotificationKind.Heartbeat) sb.Append(t.HeartbeatBody).Append(' ').Append(Times(n.CreatedAt)).Append('\n');
        if (n.Kind == NotificationKind.Test) sb.Append(t.TestBody).Append(' ').Append(Times(n.CreatedAt)).Append('\n');
        foreach (var a in n.Alarms.Take(listed))
        {
            var sev = t.Severity(a.Severity);
            var state = a.Resolved ? t.Resolved : t.Firing;
            if (markdown)
            {
                var colour = a.Resolved ? "info" : a.Severity >= AlarmSeverity.Major ? "warning" : "comment";
                sb.Append(CultureInfo.InvariantCulture, $"> <font color=\"{colour}\">{state} {sev}</font> {a.Message}\n");
            }
            else sb.Append(CultureInfo.InvariantCulture, $"- {state} {sev}: {a.Message}\n");
            Line(sb, markdown, t.Since + " " + Times(a.ActiveSince));
            if (a.ClearedAt is { } c) Line(sb, markdown, t.Cleared + " " + Times(c));
            if (n.Kind == NotificationKind.Escalation)
                Line(sb, markdown, string.Format(CultureInfo.InvariantCulture, t.NotAcknowledged, (int)(n.CreatedAt - a.ActiveSince).TotalMinutes, n.EscalationLevel));
            if (a.RunNumber is { } run) Line(sb, markdown, $"{t.Run} {run.ToString(CultureInfo.InvariantCulture)}{(a.RunState is { } rs ? " (" + rs + ")" : "")}");
            if (a.Affected > 0) Line(sb, markdown, string.Format(CultureInfo.InvariantCulture, t.Affected, a.Affected));
            if (a.Labels.Count > 0) Line(sb, markdown, t.Labels + ": " + string.Join(", ", a.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
            Line(sb, markdown, markdown ? $"[{t.Open}]({AlarmUrl(a.Key)})" : AlarmUrl(a.Key));
        }
        if (listed < n.Alarms.Count)
            sb.Append(string.Format(CultureInfo.InvariantCulture, t.More, n.Alarms.Count - listed, n.Firing, n.Resolved)).Append('\n');
        if (n.Mentions.Count > 0) sb.Append(t.Mentions).Append(": ").Append(string.Join(", ", n.Mentions.Select(m => m.Name))).Append('\n');
        return sb.ToString().TrimEnd('\n');
    }

    private static void Line(StringBuilder sb, bool markdown, string s) => sb.Append(markdown ? "  " : "  ").Append(s).Append('\n');

    private string Html(OutgoingNotification n, NotificationTexts t, string title, int listed)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder("<html><body><h3>").Append(E(title)).Append("</h3>");
        if (n.Kind == NotificationKind.Heartbeat) sb.Append("<p>").Append(E(t.HeartbeatBody + " " + Times(n.CreatedAt))).Append("</p>");
        if (n.Kind == NotificationKind.Test) sb.Append("<p>").Append(E(t.TestBody + " " + Times(n.CreatedAt))).Append("</p>");
        sb.Append("<ul>");
        foreach (var a in n.Alarms.Take(listed))
        {
            sb.Append("<li><b>").Append(E((a.Resolved ? t.Resolved : t.Firing) + " " + t.Severity(a.Severity))).Append("</b> ").Append(E(a.Message));
            sb.Append("<br>").Append(E(t.Since + " " + Times(a.ActiveSince)));
            if (a.ClearedAt is { } c) sb.Append("<br>").Append(E(t.Cleared + " " + Times(c)));
            if (a.RunNumber is { } run) sb.Append("<br>").Append(E($"{t.Run} {run.ToString(CultureInfo.InvariantCulture)}{(a.RunState is { } rs ? " (" + rs + ")" : "")}"));
            if (a.Affected > 0) sb.Append("<br>").Append(E(string.Format(CultureInfo.InvariantCulture, t.Affected, a.Affected)));
            if (a.Labels.Count > 0) sb.Append("<br>").Append(E(t.Labels + ": " + string.Join(", ", a.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value))));
            sb.Append("<br><a href=\"").Append(E(AlarmUrl(a.Key))).Append("\">").Append(E(t.Open)).Append("</a></li>");
        }
        sb.Append("</ul>");
        if (listed < n.Alarms.Count) sb.Append("<p>").Append(E(string.Format(CultureInfo.InvariantCulture, t.More, n.Alarms.Count - listed, n.Firing, n.Resolved))).Append("</p>");
        return sb.Append("</body></html>").ToString();
    }

    /// <summary>"2026-11-21 12:00:00 UTC (20:00:00 CST)": both, so nobody converts by hand.</summary>
    private string Times(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var local = TimeZoneInfo.ConvertTime(at, siteZone);
        var abbr = local.Offset == TimeSpan.Zero ? "UTC" : "UTC" + local.ToString("zzz", CultureInfo.InvariantCulture);
        return utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC ("
            + local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + abbr + ")";
    }

    private static string Cut(string s, int maxBytes)
    {
        if (Bytes(s) <= maxBytes) return s;
        var end = s.Length;
        while (end > 0 && Bytes(s[..end]) > maxBytes - 3) end--;
        if (end > 0 && char.IsHighSurrogate(s[end - 1])) end--;
        return s[..end] + "…";
    }
}
