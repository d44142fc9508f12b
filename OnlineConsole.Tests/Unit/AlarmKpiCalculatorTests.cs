using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>Alarm KPIs from a real alarm area's timeline, driven by a manual clock.</summary>
[Trait("Category", "Unit")]
public sealed class AlarmKpiCalculatorTests
{
    // 2026-11-21 12:00 UTC is 20:00 in Beijing: the evening shift (16-24).
    private readonly ManualTimeProvider _time = new();
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly AlarmArea _area;

    public AlarmKpiCalculatorTests() =>
        _area = new AlarmArea(new ChangeHub(_time, new StoreOptions()), _time, new AlarmOptions(), () => new RunStatus(1, RunState.Running, "physics", null, null, null));

    private void Raise(string key, AlarmSeverity severity = AlarmSeverity.Major)
    {
        _area.Submit([new AlarmSignal(key, true, severity, key + " is wrong") { Source = "test" }]);
        _area.Submit([new AlarmSignal(key, false, severity, key + " is fine") { Source = "test" }]);
        var a = _area.Find(key);
        if (a is not null) _area.Acknowledge(key, a.Activation, "ann", "seen");
    }

    private void Advance(TimeSpan by)
    {
        _time.Advance(by);
        _area.Tick();
    }

    private AlarmKpiReport Report() =>
        AlarmKpiCalculator.Compute(_area.Events(), _area.Snapshot(), _time.GetUtcNow(), Beijing, new AlarmKpiOptions().EffectiveShifts,
            _area.Options.ChatterCount, _area.Options.ChatterWindow);

    [Fact]
    public void Rates_bins_and_severities_count_only_the_last_24_hours()
    {
        Raise("old");
        Advance(TimeSpan.FromHours(25));
        for (var i = 0; i < 12; i++)
        {
            Raise("pump" + (i % 3), i % 4 == 0 ? AlarmSeverity.Critical : AlarmSeverity.Minor);
            Advance(TimeSpan.FromMinutes(5));
        }
        var r = Report();
        Assert.Equal(12, r.Activations);
        Assert.Equal(0.5, r.PerHour, 3);
        Assert.Equal(12 / 144.0, r.Per10Minutes, 6);
        Assert.Equal(3, r.BySeverity[AlarmSeverity.Critical]);
        Assert.Equal(9, r.BySeverity[AlarmSeverity.Minor]);
        // Hours aligned to the site clock; the window starts on the hour here, so there are exactly 24.
        Assert.Equal(24, r.Hours.Count);
        Assert.All(r.Hours, b => Assert.Equal(0, b.Start.Minute));
        Assert.Equal(12, r.Hours.Sum(b => b.Activations));
        Assert.Equal(12, r.PeakHour);
        Assert.Equal(12, r.TenMinutes.Sum(b => b.Activations));
        Assert.Equal(2, r.Peak10Minutes);
        Assert.Empty(r.Floods);
        Assert.Equal(0, r.PercentTimeInFlood);
    }

    [Fact]
    public void Eleven_activations_within_ten_minutes_are_a_flood_and_ten_are_not()
    {
        Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 10; i++)
        {
            Raise("a" + i);
            Advance(TimeSpan.FromSeconds(55));
        }
        Assert.Empty(Report().Floods);

        Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 15; i++)
        {
            Raise(i < 8 ? "sw1" + i : "pmt" + i);
            Advance(TimeSpan.FromSeconds(30));
        }
        var r = Report();
        var flood = Assert.Single(r.Floods);
        Assert.Equal(15, flood.Activations);
        Assert.Equal(15, flood.Peak);
        Assert.Equal(TimeSpan.FromSeconds(14 * 30), flood.End - flood.Start);
        Assert.Equal(100.0 * 420 / 86_400, r.PercentTimeInFlood, 6);
        Assert.True(r.PercentTenMinutesInFlood > 0);
    }

    [Fact]
    public void Top_keys_are_ordered_by_count_with_their_share()
    {
        for (var i = 0; i < 12; i++)
        {
            for (var n = 0; n <= i; n++) Raise("k" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
            Advance(TimeSpan.FromMinutes(30));
        }
        var r = Report();
        Assert.Equal(10, r.TopKeys.Count);
        Assert.Equal("k11", r.TopKeys[0].Key);
        Assert.Equal(12, r.TopKeys[0].Activations);
        Assert.Equal(100.0 * 12 / 78, r.TopKeys[0].Share, 6);
        Assert.Equal("k02", r.TopKeys[^1].Key);
        Assert.Equal("k11 is wrong", r.TopKeys[0].Message);
    }

    [Fact]
    public void Chattering_alarms_are_found_in_the_timeline_and_in_the_current_state()
    {
        // Five activations within a minute: the alarm area marks it chattering, and so does the timeline.
        for (var i = 0; i < 5; i++)
        {
            _area.Submit([new AlarmSignal("flap", true, AlarmSeverity.Minor, "flapping") { Source = "test" }]);
            Advance(TimeSpan.FromSeconds(5));
            _area.Submit([new AlarmSignal("flap", false, AlarmSeverity.Minor, "flapping") { Source = "test" }]);
            Advance(TimeSpan.FromSeconds(5));
        }
        Raise("calm");
        Advance(TimeSpan.FromSeconds(30));
        Raise("calm");
        Assert.True(_area.Find("flap")!.Chattering);
        var row = Assert.Single(Report().Chattering);
        Assert.Equal(("flap", 5, 5, true), (row.Key, row.Activations, row.MostInChatterWindow, row.ChatteringNow));

        // Once the chatter window has passed, the area clears the mark; the timeline still shows it chattered.
        Advance(TimeSpan.FromMinutes(2));
        Assert.False(_area.Find("flap")!.Chattering);
        row = Assert.Single(Report().Chattering);
        Assert.Equal(("flap", 5, false), (row.Key, row.MostInChatterWindow, row.ChatteringNow));
    }

    [Fact]
    public void Alarms_standing_longer_than_24_hours_are_stale()
    {
        _area.Submit([new AlarmSignal("hv", true, AlarmSeverity.Minor, "HV channel tripped") { Source = "dcs" }]);
        Advance(TimeSpan.FromHours(2));
        _area.Submit([new AlarmSignal("fan", true, AlarmSeverity.Warning, "fan slow") { Source = "dcs" }]);
        Advance(TimeSpan.FromHours(22.5));
        Assert.Equal(["hv"], Report().Stale.Select(a => a.Key));
        Advance(TimeSpan.FromHours(2));
        Assert.Equal(["hv", "fan"], Report().Stale.Select(a => a.Key));
        // Their activations have left the window.
        Assert.Equal(0, Report().Activations);
    }

    [Fact]
    public void Shifts_follow_the_site_clock_and_are_clipped_to_the_window()
    {
        // The window ends at 19:00 Beijing and starts at 19:00 the day before: evening (part), night, day, evening (part).
        Advance(TimeSpan.FromHours(24));
        Raise("x");                          // 20:00 Beijing, evening
        Advance(TimeSpan.FromHours(5));      // 01:00 Beijing, night
        Raise("y");
        Raise("z");
        Advance(TimeSpan.FromHours(8));      // 09:00 Beijing, day
        Raise("w");
        Advance(TimeSpan.FromHours(10));     // 19:00 Beijing: now
        var shifts = Report().Shifts;
        Assert.Equal(4, shifts.Count);
        var hours = shifts.Select(s => TimeZoneInfo.ConvertTime(s.Start, Beijing).Hour).ToList();
        Assert.Equal([19, 0, 8, 16], hours);
        Assert.Equal([true, false, false, true], shifts.Select(s => s.Partial));
        Assert.Equal([1, 2, 1, 0], shifts.Select(s => s.Activations));
        Assert.Equal([1, 2, 1, 0], shifts.Select(s => s.Acknowledgements));
        Assert.Equal(2 / 8.0, shifts[1].PerHour, 6);
        Assert.Equal(2, shifts[1].Peak10Minutes);
        Assert.Equal(TimeSpan.FromHours(24), shifts[^1].End - shifts[0].Start);
    }

    [Fact]
    public void Configured_shifts_are_validated_and_sorted()
    {
        var o = new AlarmKpiOptions { Shifts = [new() { Name = "B", Start = TimeSpan.FromHours(20) }, new() { Name = "A", Start = TimeSpan.FromHours(8) }] };
        Assert.Empty(o.Validate());
        Assert.Equal(["A", "B"], o.EffectiveShifts.Select(s => s.Name));
        o.Shifts.Add(new() { Start = TimeSpan.FromHours(8) });
        o.Shifts.Add(new() { Start = TimeSpan.FromHours(24) });
        Assert.Equal(
            ["AlarmKpi:Shifts:3:Start must be between 00:00 and 23:59 (is 1.00:00:00).", "AlarmKpi:Shifts: two shifts start at the same time."],
            o.Validate());
        Assert.Equal(3, new AlarmKpiOptions().EffectiveShifts.Count);
    }
}
