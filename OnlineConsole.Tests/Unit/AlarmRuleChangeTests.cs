using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>A rule changed while its alarms exist: they follow it at once (latch, debounce, severity, guidance, links).</summary>
[Trait("Category", "Unit")]
public sealed class AlarmRuleChangeTests
{
    private readonly ManualTimeProvider _time = new();

    private AlarmArea Area(AlarmRule rule) =>
        new(new ChangeHub(_time, new StoreOptions()), _time, new AlarmOptions { Rules = { ["r"] = rule } },
            () => new RunStatus(7, RunState.Running, "physics", null, null, null));

    private static AlarmSignal On(string key, AlarmSeverity severity = AlarmSeverity.Minor) =>
        new(key, true, severity, key + " is wrong") { Source = "test", Rule = "r", Links = [new AlarmLink("Own", "/own")] };

    private static AlarmSignal Off(string key) => new(key, false, AlarmSeverity.Minor, key + " is fine") { Source = "test", Rule = "r" };

    [Fact]
    public void A_fixed_severity_applies_to_present_and_new_alarms_and_removing_it_gives_the_source_s_back()
    {
        var area = Area(new AlarmRule());
        area.Submit([On("a")]);
        Assert.Equal(AlarmSeverity.Minor, area.Find("a")!.Severity);

        area.SetRules(new Dictionary<string, AlarmRule> { ["r"] = new() { Severity = AlarmSeverity.Critical } });
        Assert.Equal(AlarmSeverity.Critical, area.Find("a")!.Severity);
        area.Submit([On("a"), On("b", AlarmSeverity.Warning)]);
        Assert.Equal(AlarmSeverity.Critical, area.Find("a")!.Severity);
        Assert.Equal(AlarmSeverity.Critical, area.Find("b")!.Severity);

        area.SetRules(new Dictionary<string, AlarmRule> { ["r"] = new() });
        area.Submit([On("b", AlarmSeverity.Warning)]);
        Assert.Equal(AlarmSeverity.Warning, area.Find("b")!.Severity);
    }

    [Fact]
    public void Unlatching_a_rule_lets_a_present_alarm_clear_by_itself_and_a_new_on_delay_holds_the_next_one()
    {
        var area = Area(new AlarmRule { Latch = true });
        area.Submit([On("a")]);
        area.SetRules(new Dictionary<string, AlarmRule> { ["r"] = new() { Latch = false, OnDelay = TimeSpan.FromSeconds(10) } });
        area.Submit([Off("a")]);
        Assert.Null(area.Find("a"));

        area.Submit([On("a")]);
        Assert.False(area.Find("a")?.Active ?? false);
        _time.Advance(TimeSpan.FromSeconds(11));
        area.Tick();
        Assert.True(area.Find("a")!.Active);
    }

    [Fact]
    public void Guidance_and_links_edited_in_the_rule_show_on_the_present_alarm_without_a_new_observation_and_links_are_not_doubled()
    {
        var area = Area(new AlarmRule { Guidance = "old advice", Links = [new AlarmLink("Runbook", "/runbook")] });
        area.Submit([On("a")]);
        Assert.Equal("old advice", area.Find("a")!.Guidance);
        Assert.Equal(["/own", "/runbook"], area.Find("a")!.Links.Select(l => l.Href));

        area.SetRules(new Dictionary<string, AlarmRule> { ["r"] = new() { Guidance = "call the PMT expert", Links = [new AlarmLink("PMT wiki", "https://wiki.example/pmt")] } });
        Assert.Equal("call the PMT expert", area.Find("a")!.Guidance);
        Assert.Equal(["/own", "https://wiki.example/pmt"], area.Find("a")!.Links.Select(l => l.Href));
    }

    [Fact]
    public void A_rule_checks_every_field_at_once()
    {
        var rule = new AlarmRule
        {
            OnDelay = TimeSpan.FromHours(2),
            OnCount = 0,
            Links = [new AlarmLink("", "/ok"), new AlarmLink("bad", "javascript:alert(1)"), new AlarmLink("also bad", "//evil.example")],
        };
        var errors = rule.Validate("r").ToList();
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.Contains("OnDelay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("OnCount", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Links:0:Title", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("javascript:alert(1)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("//evil.example", StringComparison.Ordinal));
    }
}
