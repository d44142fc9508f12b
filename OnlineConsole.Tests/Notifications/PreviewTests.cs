using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Notifications;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>The settings page's preview: which routes an alarm takes, who is told when, what holds or drops it.</summary>
[Trait("Category", "Unit")]
public sealed class PreviewTests
{
    private static readonly TimeZoneInfo Site = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // Wednesday 2026-11-25 12:00 UTC = 20:00 site time.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static NotificationOptions Config() => new()
    {
        Enabled = true,
        ContactPoints = [Hook("default"), Hook("net"), Hook("oncall")],
        Roster =
        [
            new RosterEntryOptions { Name = "Li Wei", Role = "oncall", From = Now.AddHours(-1), Until = Now.AddHours(8), WeComUserId = "liwei" },
            new RosterEntryOptions { Name = "Off Duty", Role = "oncall", From = Now.AddDays(1), Until = Now.AddDays(2) },
        ],
        MuteTimings = [new MuteTimingOptions { Name = "evening", Intervals = [new TimeIntervalOptions { Times = ["19:00-21:30"] }] }],
        Route = new RouteOptions
        {
            ContactPoints = ["default"],
            GroupWait = TimeSpan.FromSeconds(30),
            Routes =
            [
                new RouteOptions { Name = "network", Matchers = ["area=network"], ContactPoints = ["net"], MuteTimings = ["evening"], Continue = true },
                new RouteOptions
                {
                    Name = "critical", Matchers = ["severity=Critical"], ContactPoints = ["oncall"], GroupWait = TimeSpan.Zero,
                    Escalation = [new EscalationStep { After = TimeSpan.FromMinutes(15), ContactPoints = ["oncall"] }],
                },
            ],
        },
    };

    [Fact]
    public void A_critical_network_alarm_takes_both_routes_one_held_by_the_mute_the_other_at_once_with_the_person_on_call()
    {
        var o = Config();
        o.ContactPoints[2].MentionRoles = ["oncall"];
        var alarm = Alarm("sw-1:port-3", AlarmSeverity.Critical, area: "network", since: Now);
        var p = NotificationPreview.Explain(o, alarm, Now, Site);
        Assert.Null(p.Silence);
        Assert.Equal(["network", "critical"], p.Routes.Select(r => r.Route.Id));
        var net = p.Routes[0];
        Assert.Equal("evening", net.HeldBy);
        // Muted 19:00-21:30 site time: the first message goes at 21:30 (13:30 UTC).
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 13, 30, 0, TimeSpan.Zero), net.FirstMessage);
        var crit = p.Routes[1];
        Assert.Null(crit.HeldBy);
        Assert.Equal(Now, crit.FirstMessage);
        Assert.Equal(["Li Wei"], crit.Contacts.Single().Mentions.Select(m => m.Name));
        Assert.Equal(Now.AddMinutes(15), crit.Escalation.Single().At);
    }

    [Fact]
    public void An_ordinary_alarm_goes_to_the_root_after_group_wait()
    {
        var p = NotificationPreview.Explain(Config(), Alarm("cd:x"), Now, Site);
        var root = Assert.Single(p.Routes);
        Assert.Equal("root", root.Route.Id);
        Assert.Equal(Now.AddSeconds(30), root.FirstMessage);
        Assert.Equal("cd", root.GroupLabels["area"]);
        Assert.True(root.Contacts.Single().Exists);
    }

    [Fact]
    public void A_silence_drops_the_alarm_and_the_preview_names_it()
    {
        var o = Config();
        o.Silences.Add(new SilenceOptions { Matchers = ["area=cd"], Until = Now.AddHours(1), Reason = "calibration", CreatedBy = "alice" });
        var p = NotificationPreview.Explain(o, Alarm("cd:x"), Now, Site);
        Assert.Equal("calibration", p.Silence?.Reason);
        Assert.Empty(p.Routes);
        Assert.Single(NotificationPreview.Explain(o, Alarm("cd:x"), Now.AddHours(2), Site).Routes);
    }

    [Fact]
    public void Disabled_notifications_send_nothing()
    {
        var o = Config();
        o.Enabled = false;
        Assert.False(NotificationPreview.Explain(o, Alarm("cd:x"), Now, Site).Enabled);
    }
}
