using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Logs;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Alarms;

/// <summary>How an alarm reads on screen: the console's own rules in the page's language, other sources as they sent it.</summary>
public static class AlarmText
{
    public static string Icon(AlarmSeverity severity) => severity switch
    {
        AlarmSeverity.Critical => Icons.Material.Filled.Error,
        AlarmSeverity.Major => Icons.Material.Filled.Warning,
        AlarmSeverity.Minor => Icons.Material.Filled.ErrorOutline,
        _ => Icons.Material.Filled.Info,
    };

    public static string Area(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return alarm.Labels.TryGetValue("area", out var a) && a.Length > 0 ? a : "other";
    }

    public static string AreaName(IStringLocalizer<UiText> l, string area)
    {
        ArgumentNullException.ThrowIfNull(l);
        var s = l["Alarm.Area." + area];
        return s.ResourceNotFound ? area : s.Value;
    }

    private static readonly Dictionary<string, AlarmRule> BuiltInDefaults = BuiltInRules.Defaults();

    /// <summary>
    /// What to do: a built-in rule's default guidance in the page's language; guidance a site configured for a rule, or
    /// an external source's, as written.
    /// </summary>
    public static string? Guidance(IStringLocalizer<UiText> l, Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(alarm);
        if (alarm.Source == SyslogRules.Source && alarm.Labels.TryGetValue(SyslogRules.BuiltInLabel, out var builtIn) && builtIn == "true"
            && alarm.Labels.TryGetValue(SyslogRules.PatternLabel, out var pattern) && l["Alarm.Guidance.syslog." + pattern] is { ResourceNotFound: false } translated)
            return translated.Value;
        return alarm.Source == BuiltInRules.Source ? Guidance(l, alarm.Rule, alarm.Guidance) : alarm.Guidance is { Length: > 0 } g ? g : null;
    }

    /// <summary>A rule's guidance as operators read it: the built-in default in the page's language, anything else as written.</summary>
    public static string? Guidance(IStringLocalizer<UiText> l, string rule, string? guidance)
    {
        ArgumentNullException.ThrowIfNull(l);
        if (guidance is not { Length: > 0 }) return null;
        if (BuiltInDefaults.TryGetValue(rule, out var builtIn) && builtIn.Guidance == guidance)
        {
            var text = l["Alarm.Guidance." + rule];
            if (!text.ResourceNotFound) return text.Value;
        }
        return guidance;
    }

    public static string Message(IStringLocalizer<UiText> l, Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(alarm);
        if (alarm.Source != BuiltInRules.Source) return alarm.Message;
        string Label(string k) => alarm.Labels.TryGetValue(k, out var v) ? v : "";
        return alarm.Rule switch
        {
            BuiltInRules.DcrChannel => l["Alarm.Msg.dcr.channel", Label("channel"), Label("pmt"), Label("gcu"), l["Alarm.Msg.Status." + Label("status")].Value].Value,
            BuiltInRules.DcrGcu => l["Alarm.Msg.dcr.gcu", Label("gcu"), Label("bad"), Label("channels")].Value,
            BuiltInRules.NetLink or BuiltInRules.NetErrors or BuiltInRules.NetUtilization => l["Alarm.Msg." + alarm.Rule, Label("device"), Label("port")].Value,
            BuiltInRules.NetUnreachable => l["Alarm.Msg.net.unreachable", Label("device")].Value,
            BuiltInRules.Collector => l["Alarm.Msg.console.collector", Label("collector"), Label("source")].Value,
            BuiltInRules.RunError => l["Alarm.Msg.run.error", Label("run")].Value,
            BuiltInRules.Service => l["Alarm.Msg.svc.health", Label("service")].Value,
            _ => alarm.Message,
        };
    }

    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Since(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);
}
