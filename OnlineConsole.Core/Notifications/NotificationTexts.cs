using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>The words of a message in English and Simplified Chinese.</summary>
internal sealed record NotificationTexts(
    string Firing, string Resolved, string Escalation, string Heartbeat, string Test,
    string Since, string Cleared, string Run, string Affected, string More, string Open, string Labels,
    string HeartbeatBody, string TestBody, string NotAcknowledged, string Mentions,
    Func<AlarmSeverity, string> Severity)
{
    public static readonly NotificationTexts English = new(
        "FIRING", "RESOLVED", "ESCALATION", "Heartbeat", "Test",
        "since", "cleared", "run", "{0} affected", "… and {0} more alarm(s) not listed ({1} firing, {2} resolved in all)", "open", "labels",
        "The console's notification path works.", "A test message from the console.", "not acknowledged for {0} min (level {1})", "on duty",
        s => s.ToString());

    public static readonly NotificationTexts Chinese = new(
        "告警", "已恢复", "升级", "心跳", "测试",
        "开始于", "恢复于", "运行", "影响 {0} 个", "…… 另有 {0} 条告警未列出（共 {1} 条告警中，{2} 条已恢复）", "查看", "标签",
        "控制台的通知通道正常。", "来自控制台的测试消息。", "{0} 分钟未确认（第 {1} 级）", "值班",
        s => s switch
        {
            AlarmSeverity.Critical => "严重",
            AlarmSeverity.Major => "重要",
            AlarmSeverity.Minor => "次要",
            _ => "警告",
        });

    public static NotificationTexts For(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
}
