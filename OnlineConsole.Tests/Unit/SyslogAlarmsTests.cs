using OnlineConsole.Collectors.Syslog;
using OnlineConsole.Core.Logs;
using LogEntry = OnlineConsole.Core.Logs.LogEntry;

namespace OnlineConsole.Tests.Unit;

/// <summary>The built-in syslog patterns on real switch wording, the Clear text, and the hold time.</summary>
[Trait("Category", "Unit")]
public sealed class SyslogAlarmsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    private static LogEntry L(string text, string? device = "leaf07") => new(T0, LogOrigin.Syslog, LogSeverity.Error, "10.10.1.7", text) { Device = device };

    [Theory]
    [InlineData("fan", "%PLATFORM-2-FAN_FAIL: Fan tray 2 failed")]
    [InlineData("fan", "pmon: fan3 is not spinning")]
    [InlineData("power-supply", "PSU2 power supply failure detected, input lost")]
    [InlineData("temperature", "Temperature sensor 3 high: 78 C exceeds threshold")]
    [InlineData("link-flap", "swp12: link flapping detected, err-disabled")]
    [InlineData("failed-login", "Failed password for invalid user admin from 10.9.9.9 port 50122 ssh2")]
    public void Each_built_in_pattern_knows_its_words(string pattern, string text)
    {
        var alarms = new SyslogAlarms(new SyslogOptions().EffectivePatterns(), TimeSpan.FromMinutes(10));
        var s = Assert.Single(alarms.Evaluate([L(text)], T0));
        Assert.Equal("syslog/" + pattern + "/leaf07", s.Key);
        Assert.Equal("device:leaf07", s.Subject);
        Assert.Equal(("true", pattern), (s.Labels["builtin"], s.Labels["pattern"]));
    }

    [Fact]
    public void A_repeat_says_nothing_new_the_clear_text_ends_it_and_silence_past_the_hold_ends_it_too()
    {
        var alarms = new SyslogAlarms(new SyslogOptions().EffectivePatterns(), TimeSpan.FromMinutes(10));
        Assert.Single(alarms.Evaluate([L("Fan tray 2 failed")], T0));
        Assert.Empty(alarms.Evaluate([L("Fan tray 2 failed")], T0.AddMinutes(1)));
        var cleared = Assert.Single(alarms.Evaluate([L("Fan tray 2 OK")], T0.AddMinutes(2)));
        Assert.False(cleared.Active);
        Assert.Single(alarms.Evaluate([L("PSU1 power supply failed", device: null)], T0.AddMinutes(3)));
        Assert.Empty(alarms.Evaluate([], T0.AddMinutes(12)));
        var expired = Assert.Single(alarms.Evaluate([], T0.AddMinutes(13.5)));
        Assert.Equal(("syslog/power-supply/10.10.1.7", false, (string?)null), (expired.Key, expired.Active, expired.Subject));
        Assert.Equal(0, alarms.Active);
    }

    [Fact]
    public void A_configured_pattern_replaces_the_built_in_one_of_its_name_and_a_bad_regex_is_refused()
    {
        var options = new SyslogOptions { Patterns = [new SyslogPattern { Name = "fan", Match = "FANX" }] };
        Assert.Empty(options.Validate());
        Assert.Equal(5, options.EffectivePatterns().Count);
        Assert.Equal("FANX", options.EffectivePatterns().Single(p => p.Name == "fan").Match);
        Assert.Empty(new SyslogOptions { BuiltInPatterns = false }.EffectivePatterns());
        Assert.Contains(new SyslogOptions { Patterns = [new SyslogPattern { Name = "x", Match = "(" }] }.Validate(), e => e.Contains("Patterns:0:Match is not a usable regular expression", StringComparison.Ordinal));
        Assert.Contains(new SyslogOptions { LegacyTimeZone = "Mars/Olympus" }.Validate(), e => e.Contains("not a known time zone", StringComparison.Ordinal));
    }
}
