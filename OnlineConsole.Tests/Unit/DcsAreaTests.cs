using System.Text;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The slow-control channels: patterns, payloads, readings, trends, limits, commands, and the demonstrator.</summary>
[Trait("Category", "Unit")]
public sealed class DcsAreaTests
{
    private const string Vmon = "dcs/hv/03/07/12/vmon";
    private const string Vset = "dcs/hv/03/07/12/vset";
    private const string Status = "dcs/hv/03/07/12/status";

    private static DcsMessage M(string topic, string payload, bool retained = false) => new(topic, Encoding.UTF8.GetBytes(payload), retained);

    private static (LiveStore Store, ManualTimeProvider Time) Create()
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time);
        store.Collectors.Register("dcs", "mqtt://test", TimeSpan.FromSeconds(1)).Succeeded(time.GetUtcNow());
        return (store, time);
    }

    private static DcsApplyResult Apply(LiveStore store, ManualTimeProvider time, params DcsMessage[] messages) =>
        store.Dcs.Apply(messages, new SourceStamp("mqtt://test", time.GetUtcNow()));

    [Fact]
    public void A_pattern_matches_one_segment_per_placeholder_and_refuses_wildcards()
    {
        var p = DcsPattern.Parse("dcs/hv/{crate}/{board}/{channel}/vmon");
        Assert.Null(p.Error);
        Assert.Equal("dcs/hv/+/+/+/vmon", p.Filter);
        Assert.Equal("12", p.Match(Vmon)!["channel"]);
        Assert.Null(p.Match("dcs/hv/03/07/vmon"));
        Assert.Null(p.Match("dcs/hv/03/07/12/imon"));
        Assert.Null(p.Match("dcs/hv//07/12/vmon"));
        Assert.Equal("dcs/hv/03/07/12/set/vset", DcsPattern.Parse("dcs/hv/{crate}/{board}/{channel}/set/vset").Fill(p.Match(Vmon)!));
        Assert.NotNull(DcsPattern.Parse("dcs/hv/+/vmon").Error);
        Assert.NotNull(DcsPattern.Parse("dcs/#").Error);
        Assert.NotNull(DcsPattern.Parse("dcs//x").Error);
        Assert.Equal("HV 03/07", DcsPattern.FillTemplate("HV {crate}/{board}", p.Match(Vmon)!));
    }

    [Theory]
    [InlineData(DcsKind.Voltage, "1500.25", 1500.25, null)]
    [InlineData(DcsKind.Voltage, " 12 \n", 12.0, null)]
    [InlineData(DcsKind.Voltage, "{\"value\": -3.5, \"time\": \"2026-12-07T10:00:00Z\"}", -3.5, null)]
    [InlineData(DcsKind.Status, "on", 1.0, "ON")]
    [InlineData(DcsKind.Status, "{\"value\":\"TRIP\",\"time\":1796637600}", -1.0, "TRIP")]
    [InlineData(DcsKind.Status, "0", 0.0, "OFF")]
    public void Payloads_are_bare_values_or_json_objects(DcsKind kind, string payload, double value, string? text)
    {
        var (v, t, _, error) = DcsPayload.Parse(kind, Encoding.UTF8.GetBytes(payload));
        Assert.Null(error);
        Assert.Equal((value, text), (v, t));
    }

    [Theory]
    [InlineData(DcsKind.Voltage, "", "empty")]
    [InlineData(DcsKind.Voltage, "12 V", "not a number")]
    [InlineData(DcsKind.Voltage, "NaN", "not finite")]
    [InlineData(DcsKind.Voltage, "1e999", "not finite")]
    [InlineData(DcsKind.Voltage, "{\"v\":1}", "no 'value'")]
    [InlineData(DcsKind.Voltage, "{\"value\":\"1\"}", "not a number")]
    [InlineData(DcsKind.Voltage, "{\"value\":1,\"time\":\"yesterday\"}", "'time'")]
    [InlineData(DcsKind.Voltage, "{\"value\":1", "not JSON")]
    [InlineData(DcsKind.Status, "MAYBE", "not ON, OFF or TRIP")]
    public void A_damaged_payload_is_refused_with_its_reason(DcsKind kind, string payload, string reason)
    {
        var (_, _, _, error) = DcsPayload.Parse(kind, Encoding.UTF8.GetBytes(payload));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Channels_appear_on_their_first_reading_grouped_and_named_by_their_pattern()
    {
        var (store, time) = Create();
        var r = Apply(store, time, M(Vmon, "1800.5"), M(Status, "{\"value\":\"ON\"}"), M("dcs/other/x", "1"), M(Vset, "oops"));
        Assert.Equal((2, 1, 0), (r.Applied, r.Unmatched, r.Refused));
        Assert.Equal(Vset, Assert.Single(r.Malformed).Topic);
        var c = store.Dcs.Find(Vmon)!;
        Assert.Equal(("HV 03/07", "12 VMon", "V", 1800.5), (c.Group, c.Name, c.Unit, c.Latest!.Value));
        Assert.Equal("dcs/hv/03/07/12/set/power", store.Dcs.Find(Status)!.SetTopic);
        Assert.Null(c.SetTopic);
        Assert.Equal([Status, Vmon], store.Dcs.Snapshot().Select(x => x.Id));
        Assert.Contains("dcs/hv/+/+/+/vmon", store.Dcs.Filters);
    }

    [Fact]
    public void A_channel_is_stale_after_its_own_interval_and_at_once_when_its_source_is_down()
    {
        var (store, time) = Create();
        Apply(store, time, M(Vmon, "1800"), M("dcs/env/area-01/s0001/temperature", "21"));
        var vmon = store.Dcs.Find(Vmon)!;
        var temp = store.Dcs.Find("dcs/env/area-01/s0001/temperature")!;
        // VMon reports every 5 s, temperature every 30 s; stale after 3 intervals.
        time.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal((Freshness.Stale, Freshness.Fresh), (store.DcsFreshness(vmon, time.GetUtcNow()), store.DcsFreshness(temp, time.GetUtcNow())));
        Apply(store, time, M(Vmon, "1800"));
        Assert.Equal(Freshness.Fresh, store.DcsFreshness(vmon, time.GetUtcNow()));
        var health = store.Collectors.Register("dcs-down", "mqtt://test", TimeSpan.FromSeconds(1));
        health.Failed(time.GetUtcNow(), "connection refused");
        health.SetState(OnlineConsole.Core.Collectors.CollectorState.Retrying);
        Assert.Equal((Freshness.Stale, Freshness.Stale), (store.DcsFreshness(vmon, time.GetUtcNow()), store.DcsFreshness(temp, time.GetUtcNow())));
    }

    [Fact]
    public void A_retained_reading_without_its_own_time_is_kept_but_never_fresh_and_an_older_one_does_not_move_the_value_back()
    {
        var (store, time) = Create();
        Apply(store, time, M(Vset, "1700", retained: true));
        var c = store.Dcs.Find(Vset)!;
        Assert.Equal(1700, c.Latest!.Value);
        Assert.Equal(Freshness.Stale, store.DcsFreshness(c, time.GetUtcNow()));
        Apply(store, time, M(Vset, "{\"value\":1750,\"time\":\"" + time.GetUtcNow().ToString("O") + "\"}", retained: true));
        Assert.Equal(Freshness.Fresh, store.DcsFreshness(c, time.GetUtcNow()));
        Apply(store, time, M(Vset, "{\"value\":1600,\"time\":\"" + time.GetUtcNow().AddMinutes(-5).ToString("O") + "\"}"));
        Assert.Equal(1750, c.Latest!.Value);
    }

    [Fact]
    public void The_trend_keeps_the_newest_reading_of_each_30_s_step_for_an_hour()
    {
        var (store, time) = Create();
        for (var s = 0; s < 2 * 3600; s += 5)
        {
            Apply(store, time, M(Vmon, (1000 + s).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            time.Advance(TimeSpan.FromSeconds(5));
        }
        var trend = store.Dcs.Trend(Vmon);
        Assert.Equal(120, trend.Count);
        Assert.Equal(1000 + 2 * 3600 - 5, trend[^1].Value);
        Assert.True(trend[^1].Time - trend[0].Time < TimeSpan.FromHours(1));
        Assert.Empty(store.Dcs.Trend(Status));
    }

    [Fact]
    public void A_command_is_pending_until_the_readback_reaches_it_and_fails_without_one()
    {
        var (store, time) = Create();
        Apply(store, time, M(Vset, "1700"), M(Status, "ON"));
        var vset = store.Dcs.Find(Vset)!;
        Assert.Equal("1500", vset.Normalize(" 1500 ").Payload);
        Assert.Contains("outside", vset.Normalize("2500").Error, StringComparison.Ordinal);
        Assert.Contains("not a number", vset.Normalize("high").Error, StringComparison.Ordinal);
        Assert.Equal("ON", store.Dcs.Find(Status)!.Normalize("1").Payload);
        Assert.Contains("ON or OFF", store.Dcs.Find(Status)!.Normalize("TRIP").Error, StringComparison.Ordinal);
        Assert.Equal("OFF", store.Dcs.Find(Status)!.Normalize("off").Payload);
        Apply(store, time, M(Vmon, "1"));
        Assert.Contains("cannot be commanded", store.Dcs.Find(Vmon)!.Normalize("1").Error, StringComparison.Ordinal);

        var command = store.Dcs.BeginCommand(vset, "1500", "erin");
        Apply(store, time, M(Vset, "1700"));
        Assert.Equal(DcsCommandState.Pending, vset.Command!.StateAt(time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(1));
        Apply(store, time, M(Vset, "1500.3"));
        Assert.Equal(DcsCommandState.Applied, vset.Command!.StateAt(time.GetUtcNow()));

        var power = store.Dcs.Find(Status)!;
        store.Dcs.BeginCommand(power, "OFF", "erin");
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(DcsCommandState.Failed, power.Command!.StateAt(time.GetUtcNow()));
        Assert.Equal("no readback within 10 s", power.Command.ReasonAt(time.GetUtcNow()));
        // A readback after the deadline does not turn a failed command into an applied one.
        Apply(store, time, M(Status, "OFF"));
        Assert.Equal(DcsCommandState.Failed, power.Command!.StateAt(time.GetUtcNow()));

        var failed = store.Dcs.BeginCommand(vset, "1600", "erin");
        store.Dcs.FailCommand(failed, "broker down");
        Assert.Equal((DcsCommandState.Failed, "broker down"), (vset.Command!.StateAt(time.GetUtcNow()), vset.Command.ReasonAt(time.GetUtcNow())));
        Assert.NotSame(command, vset.Command);
    }

    [Fact]
    public void Channels_outside_their_limits_raise_one_alarm_each_while_fresh_and_none_when_stale()
    {
        var (store, time) = Create();
        Apply(store, time, M(Vmon, "2150"), M("dcs/hv/03/07/12/imon", "80"), M(Status, "TRIP"), M("dcs/lv/01/02/vmon", "11.0"), M("dcs/lv/01/03/vmon", "12.0"));
        Assert.Equal(3, store.Dcs.OutOfLimits().Count);
        var rules = new DcsAlarmRules();
        var signals = rules.Evaluate(store);
        Assert.Equal(3, signals.Count);
        var trip = signals.Single(s => s.Key == "dcs/" + Status);
        Assert.Equal((AlarmSeverity.Major, BuiltInRules.DcsLimit, "HV 03/07"), (trip.Severity, trip.Rule, trip.Labels["group"]));
        Assert.Contains("tripped", trip.Message, StringComparison.Ordinal);
        Assert.Contains("above its limit (≤ 2100)", signals.Single(s => s.Key == "dcs/" + Vmon).Message, StringComparison.Ordinal);
        Assert.Contains("below its limit (≥ 11.4, ≤ 12.6)", signals.Single(s => s.Key == "dcs/dcs/lv/01/02/vmon").Message, StringComparison.Ordinal);
        Assert.Equal("dcs?channel=" + Uri.EscapeDataString(Status), trip.Links[0].Href);
        Assert.Empty(rules.Evaluate(store));

        Apply(store, time, M(Vmon, "1800"));
        Assert.Equal("dcs/" + Vmon, Assert.Single(rules.Evaluate(store), s => !s.Active).Key);

        // The broker goes away: every channel is stale; their alarms clear, the collector's own says why.
        time.Advance(TimeSpan.FromSeconds(31));
        var cleared = rules.Evaluate(store);
        Assert.All(cleared, s => Assert.False(s.Active));
        Assert.Equal(2, cleared.Count);
    }

    [Fact]
    public void Channels_beyond_the_store_limit_are_refused_and_counted()
    {
        var time = new ManualTimeProvider();
        var store = new LiveStore(time, new StoreOptions(), TestStores.SmallGeometry(), new OnlineConsole.Core.Detector.DetectorLimitsOptions(), AreaIntervals.Default, dcs: new DcsOptions { MaxChannels = 2 });
        var r = store.Dcs.Apply([M(Vmon, "1"), M(Vset, "1"), M(Status, "ON")], new SourceStamp("t", time.GetUtcNow()));
        Assert.Equal((2, 1), (r.Applied, r.Refused));
    }

    [Fact]
    public void Options_name_what_is_wrong()
    {
        var errors = new DcsOptions
        {
            Points =
            [
                new() { Topic = "dcs/+/x" },
                new() { Topic = "a/{b}", Low = 5, High = 1, Interval = TimeSpan.FromMilliseconds(1) },
                new() { Topic = "a/{b}", SetTopic = "a/{c}/set" },
                new() { Topic = "a/{b}", Kind = DcsKind.Status, High = 1 },
            ],
        }.Validate().ToList();
        Assert.Contains(errors, e => e.StartsWith("Dcs:Points:0:Topic", StringComparison.Ordinal) && e.Contains("placeholder", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dcs:Points:1:Interval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dcs:Points:1: Low", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("{c}", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dcs:Points:3", StringComparison.Ordinal) && e.Contains("TRIP", StringComparison.Ordinal));
        Assert.Empty(new DcsOptions { Points = DcsOptions.DemonstratorPoints("dcs") }.Validate());
    }

    private sealed class ListSink : IDcsSink
    {
        public List<DcsMessage> Messages { get; } = [];

        public void Publish(string topic, ReadOnlyMemory<byte> payload, bool retain) => Messages.Add(new DcsMessage(topic, payload.ToArray(), retain));
    }

    private static void Step(DcsDemonstrator d, LiveStore store, ManualTimeProvider time, int seconds = 1)
    {
        for (var i = 0; i < seconds; i++)
        {
            var sink = new ListSink();
            d.Step(time.GetUtcNow(), TimeSpan.FromSeconds(1), sink);
            Apply(store, time, [.. sink.Messages]);
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void The_demonstrator_ramps_to_a_new_set_voltage_at_its_rate_and_reports_every_channel()
    {
        var (store, time) = Create();
        var d = new DcsDemonstrator(1, "dcs", 2, 2, 4, 2, 2, 3, rampRate: 20, tripPeriod: TimeSpan.Zero);
        Step(d, store, time, 30);
        // 16 HV channels x 4, 4 LV channels x 3, 6 sensors x 2.
        Assert.Equal(16 * 4 + 4 * 3 + 6 * 2, store.Dcs.Count);
        Assert.All(store.Dcs.Snapshot(), c => Assert.Equal(Freshness.Fresh, store.DcsFreshness(c, time.GetUtcNow())));
        Assert.Empty(store.Dcs.OutOfLimits());
        var topic = d.TopicOf(5);
        var start = d.VoltageOf(5);
        Assert.True(d.Command(topic + "set/vset", (start - 100).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(d.Command(topic + "set/vset", "lots"));
        Assert.False(d.Command(topic + "set/nothing", "1"));
        Step(d, store, time, 2);
        // 20 V/s: two steps bring it 40 V down, and the readback follows every step while it ramps.
        Assert.InRange(store.Dcs.Find(topic + "vmon")!.Latest!.Value, start - 41, start - 39);
        Assert.Equal(start - 100, store.Dcs.Find(topic + "vset")!.Latest!.Value);
        Step(d, store, time, 4);
        Assert.InRange(store.Dcs.Find(topic + "vmon")!.Latest!.Value, start - 100.5, start - 99.5);
        Assert.True(d.Command(topic + "set/power", "OFF"));
        Step(d, store, time, 1);
        Assert.Equal("OFF", store.Dcs.Find(topic + "status")!.Latest!.Text);
    }

    [Fact]
    public void A_demonstrator_channel_with_an_over_current_trips_and_switching_it_on_resets_it()
    {
        var (store, time) = Create();
        var d = new DcsDemonstrator(1, "dcs", 1, 1, 4, 0, 0, 0, rampRate: 20, tripPeriod: TimeSpan.FromSeconds(20));
        Step(d, store, time, 30);
        var tripped = Assert.Single(store.Dcs.Snapshot(), c => c.Latest?.Text == "TRIP");
        var prefix = tripped.Id[..^"status".Length];
        Assert.Contains(store.Dcs.OutOfLimits(), c => c.Id == tripped.Id);
        Assert.True(store.Dcs.Find(prefix + "vmon")!.Latest!.Value < 100, "a tripped channel's voltage drops");
        Assert.True(d.Command(prefix + "set/power", "ON"));
        Step(d, store, time, 1);
        Assert.Equal("ON", store.Dcs.Find(prefix + "status")!.Latest!.Text);
        Assert.DoesNotContain(store.Dcs.OutOfLimits(), c => c.Id == tripped.Id);
    }
}
