using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Notifications;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>Matchers, the routing tree with continue and inheritance, mute timings across DST, silences, validation.</summary>
[Trait("Category", "Unit")]
public sealed class RoutingTests
{
    private static RouteOptions Tree() => new()
    {
        ContactPoints = ["default"],
        GroupWait = TimeSpan.FromSeconds(10),
        Routes =
        [
            new RouteOptions { Name = "critical", Matchers = ["severity=Critical"], ContactPoints = ["oncall"], Continue = true },
            new RouteOptions { Name = "cd", Matchers = ["area=~c.", "key!=ignored"], ContactPoints = ["cd-team"] },
            new RouteOptions { Name = "never", Matchers = ["area=cd"], ContactPoints = ["late"] },
        ],
    };

    [Theory]
    [InlineData("area=cd", true)]
    [InlineData("area!=cd", false)]
    [InlineData("area=~\"c.\"", true)]
    [InlineData("area=~d", false)]
    [InlineData("area!~wp|cd", false)]
    [InlineData("severity=major", true)]
    [InlineData("state=ActiveUnacknowledged", true)]
    [InlineData("missing=\"\"", true)]
    public void Matcher_compares_as_alertmanager_does(string text, bool expected) =>
        Assert.Equal(expected, Matcher.Parse(text).Matches(Alarm("a")));

    [Fact]
    public void Matcher_names_what_is_wrong()
    {
        Assert.Null(Matcher.TryParse("area", out var e1));
        Assert.Contains("no operator", e1, StringComparison.Ordinal);
        Assert.Null(Matcher.TryParse("area=~(", out var e2));
        Assert.Contains("invalid regular expression", e2, StringComparison.Ordinal);
    }

    [Fact]
    public void Continue_lets_a_later_sibling_match_and_the_first_match_stops_otherwise()
    {
        var tree = new RouteTree(Tree());
        Assert.Equal(["critical", "cd"], tree.Match(Alarm("a", AlarmSeverity.Critical)).Select(r => r.Id));
        Assert.Equal(["cd"], tree.Match(Alarm("a")).Select(r => r.Id)); // "never" also matches but "cd" has no continue
        Assert.Equal(["root"], tree.Match(Alarm("a", area: "wp")).Select(r => r.Id));
        Assert.Equal(["never"], tree.Match(Alarm("ignored")).Select(r => r.Id));
    }

    [Fact]
    public void Children_inherit_timers_and_grouping()
    {
        var cd = new RouteTree(Tree()).Match(Alarm("a")).Single();
        Assert.Equal(TimeSpan.FromSeconds(10), cd.GroupWait);
        Assert.Equal(["area"], cd.GroupBy);
        Assert.Equal(RouteTree.DefaultRepeatInterval, cd.RepeatInterval);
        Assert.Equal(["cd-team"], cd.ContactPoints);
    }

    [Fact]
    public void Mute_timing_uses_wall_clock_time_of_a_dst_zone()
    {
        // 08:00-09:00 Monday to Friday in Geneva: 07:00 UTC in winter, 06:00 UTC in summer.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var mute = new MuteTimingOptions { Name = "m", Intervals = [new TimeIntervalOptions { Times = ["08:00-09:00"], Weekdays = ["monday:friday"] }] };
        Assert.True(mute.Contains(new DateTimeOffset(2026, 3, 27, 7, 30, 0, TimeSpan.Zero), zone));   // Friday, CET
        Assert.False(mute.Contains(new DateTimeOffset(2026, 3, 30, 7, 30, 0, TimeSpan.Zero), zone));  // Monday, CEST: 09:30 local
        Assert.True(mute.Contains(new DateTimeOffset(2026, 3, 30, 6, 30, 0, TimeSpan.Zero), zone));
        Assert.False(mute.Contains(new DateTimeOffset(2026, 3, 28, 7, 30, 0, TimeSpan.Zero), zone));  // Saturday
    }

    [Fact]
    public void Mute_timing_over_midnight_belongs_to_the_day_it_started()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var night = new TimeIntervalOptions { Times = ["22:00-06:00"], Weekdays = ["friday"] };
        Assert.True(night.Contains(new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.FromHours(8)), zone));  // Friday 23:00
        Assert.True(night.Contains(new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.FromHours(8)), zone));   // Saturday 05:00
        Assert.False(night.Contains(new DateTimeOffset(2026, 11, 29, 5, 0, 0, TimeSpan.FromHours(8)), zone));  // Sunday 05:00
    }

    [Fact]
    public void Silence_holds_until_it_expires()
    {
        var at = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var s = new SilenceOptions { Matchers = ["area=cd", "severity!=Critical"], Until = at.AddHours(1), Reason = "calibration" };
        Assert.True(s.Silences(Alarm("a"), at));
        Assert.False(s.Silences(Alarm("a", AlarmSeverity.Critical), at));
        Assert.False(s.Silences(Alarm("a"), at.AddHours(1)));
    }

    [Fact]
    public void Validation_names_every_error()
    {
        var o = new NotificationOptions
        {
            Enabled = true,
            ContactPoints = [Hook("x"), Hook("x"), new ContactPointOptions { Name = "w", Kind = ContactPointKind.WeCom, WeComFormat = "html" }],
            Route = new RouteOptions { ContactPoints = ["nope"], Routes = [new RouteOptions { Matchers = ["bad"], MuteTimings = ["m"] }] },
            MuteTimings = [new MuteTimingOptions { Name = "n", Intervals = [new TimeIntervalOptions { Times = ["25:00-26:00"], Weekdays = ["funday"] }] }],
            Silences = [new SilenceOptions { Matchers = ["area=cd"] }],
        };
        var errors = o.Validate().ToList();
        Assert.Contains("Notifications:ContactPoints:1:Name 'x' is used twice.", errors);
        Assert.Contains("Notifications:ContactPoints:2:WeComKey is empty.", errors);
        Assert.Contains("Notifications:ContactPoints:2:WeComFormat must be markdown or text (is 'html').", errors);
        Assert.Contains("Notifications:Route:ContactPoints 'nope' is not a contact point.", errors);
        Assert.Contains("Notifications:Route:Routes:0:Matchers:0 'bad' has no operator (=, !=, =~, !~).", errors);
        Assert.Contains("Notifications:Route:Routes:0:MuteTimings 'm' is not a mute timing.", errors);
        Assert.Contains("Notifications:MuteTimings:0:Intervals:0:Times '25:00-26:00' is not a range like 08:00-17:30.", errors);
        Assert.Contains("Notifications:MuteTimings:0:Intervals:0:Weekdays 'funday' is not a weekday or a range like monday:friday.", errors);
        Assert.Contains("Notifications:Silences:0:Reason is empty.", errors);
        Assert.Contains("Notifications:Silences:0:Until is missing.", errors);
        Assert.Empty(new NotificationOptions().Validate());
    }
}
