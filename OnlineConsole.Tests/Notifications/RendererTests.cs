using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Notifications;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>Messages in English and Simplified Chinese, with both times, run, affected, link and the summary when too long.</summary>
[Trait("Category", "Unit")]
public sealed class RendererTests
{
    private static readonly MessageRenderer Renderer = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), "https://console.example.org/");

    private static OutgoingNotification Message(params NotifiedAlarm[] alarms) => new()
    {
        IdempotencyKey = "k",
        ContactPoint = "c",
        Kind = NotificationKind.Group,
        CreatedAt = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
        Alarms = alarms,
        GroupLabels = new Dictionary<string, string> { ["area"] = "cd" },
    };

    [Fact]
    public void English_message_says_everything()
    {
        var a = NotifiedAlarm.From(Alarm("hv:board7", AlarmSeverity.Critical) with { Affected = 12 }, false);
        var r = Renderer.Render(Message(a), "en", 10);
        Assert.StartsWith("[FIRING] Critical: hv:board7 is wrong", r.Text, StringComparison.Ordinal);
        Assert.Contains("since 2026-11-21 12:00:00 UTC (2026-11-21 20:00:00 UTC+08:00)", r.Text, StringComparison.Ordinal);
        Assert.Contains("run 4711 (Running)", r.Text, StringComparison.Ordinal);
        Assert.Contains("12 affected", r.Text, StringComparison.Ordinal);
        Assert.Contains("labels: area=cd", r.Text, StringComparison.Ordinal);
        Assert.Contains("https://console.example.org/alarms?key=hv%3Aboard7", r.Text, StringComparison.Ordinal);
        Assert.Contains("[open](https://console.example.org/alarms?key=hv%3Aboard7)", r.Markdown, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://console.example.org/alarms?key=hv%3Aboard7\">", r.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_message_and_resolved()
    {
        var a = NotifiedAlarm.From(Alarm("a", AlarmSeverity.Major) with { ClearedAt = new DateTimeOffset(2026, 11, 21, 12, 5, 0, TimeSpan.Zero) }, true);
        var r = Renderer.Render(Message(a), "zh-CN", 10);
        Assert.StartsWith("[已恢复] 重要: a is wrong", r.Text, StringComparison.Ordinal);
        Assert.Contains("恢复于 2026-11-21 12:05:00 UTC (2026-11-21 20:05:00 UTC+08:00)", r.Text, StringComparison.Ordinal);
        Assert.Contains("运行 4711", r.Text, StringComparison.Ordinal);
        Assert.Contains("[查看](", r.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_alarms_are_counted_in_a_summary_and_the_size_limit_holds()
    {
        var alarms = Enumerable.Range(0, 200).Select(i => NotifiedAlarm.From(Alarm($"channel:{i:D5}") with { Message = new string('x', 100) + "测试" }, i % 4 == 0)).ToArray();
        var r = Renderer.Render(Message(alarms), "en", 10);
        Assert.Contains("… and 190 more alarm(s) not listed (150 firing, 50 resolved in all)", r.Text, StringComparison.Ordinal);
        var small = Renderer.Render(Message(alarms), "zh-CN", 100, 4096);
        Assert.True(MessageRenderer.Bytes(small.Markdown) <= 4096);
        Assert.Contains("另有", small.Markdown, StringComparison.Ordinal);
    }
}
