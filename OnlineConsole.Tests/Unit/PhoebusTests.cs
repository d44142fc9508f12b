using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OnlineConsole.Collectors.Phoebus;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The Phoebus alarm server's records, the alarm tree's roll-up, and the simulated alarm server.</summary>
[Trait("Category", "Unit")]
public sealed class PhoebusTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Records_are_read_as_phoebus_reads_them()
    {
        var (kind, path, node, error) = PhoebusMessages.Parse("config:/A/Vac/PV:1", B("{\"user\":\"u\",\"host\":\"h\",\"description\":\"Gauge\",\"enabled\":false,\"guidance\":[{\"title\":\"T\",\"details\":\"D\"}]}"), null);
        Assert.Equal((PhoebusRecordKind.Config, "/A/Vac/PV:1", null), (kind, path, error));
        Assert.True(node!.IsLeaf);
        Assert.False(node.Enabled);
        Assert.Equal(("Gauge", "PV:1", 2), (node.Description, node.Name, node.Depth));
        Assert.Equal(("T", "D"), Assert.Single(node.Guidance));
        // A state keeps what the config said.
        (kind, _, node, error) = PhoebusMessages.Parse("state:/A/Vac/PV:1", B("{\"severity\":\"MAJOR_ACK\",\"message\":\"HIHI\",\"value\":\"5\",\"time\":{\"seconds\":1796637600,\"nano\":500000000},\"current_severity\":\"OK\",\"current_message\":\"OK\"}"), node);
        Assert.Equal((PhoebusRecordKind.State, PhoebusSeverity.MajorAck, PhoebusSeverity.Ok, "Gauge"), (kind, node!.Severity, node.CurrentSeverity, node.Description));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796637600).AddMilliseconds(500), node.Time);
        Assert.True(PhoebusMessages.IsAcknowledged(node.Severity));
        Assert.False(PhoebusMessages.Parse("config:/A/Vac", B("{\"user\":\"u\",\"host\":\"h\"}"), null).Node!.IsLeaf);
        Assert.Equal(PhoebusRecordKind.Deleted, PhoebusMessages.Parse("config:/A/Vac/PV:1", null, null).Kind);
        Assert.Equal((PhoebusRecordKind.Ignored, null), (PhoebusMessages.Parse("config:/A/Vac/PV:1", B("{\"user\":\"u\",\"host\":\"h\",\"delete\":\"Deleting\"}"), null) is var d ? (d.Kind, d.Error) : default));
        Assert.Equal((PhoebusRecordKind.Ignored, null), (PhoebusMessages.Parse("command:/A/Vac/PV:1", B("{\"command\":\"acknowledge\"}"), null) is var c ? (c.Kind, c.Error) : default));
    }

    [Theory]
    [InlineData("nokey", "{}", "type:path")]
    [InlineData("state:Vac", "{}", "/path")]
    [InlineData("state:/A/x", "{\"severity\":\"PURPLE\"}", "unknown severity")]
    [InlineData("state:/A/x", "{\"severity\":\"MAJOR\",\"current_severity\":\"BAD\"}", "unknown current_severity")]
    [InlineData("state:/A/x", "{\"message\":\"x\"}", "without severity")]
    [InlineData("config:/A/x", "{\"severity\":\"OK\"}", "state content")]
    [InlineData("state:/A/x", "[1]", "not a JSON object")]
    [InlineData("state:/A/x", "{\"severity\":", "not JSON")]
    [InlineData("state:/A/x", "{\"severity\":5}", "")]
    public void A_damaged_record_is_refused_with_its_reason(string key, string value, string reason)
    {
        var (_, _, _, error) = PhoebusMessages.Parse(key, B(value), null);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tree_rolls_the_worst_severity_up_and_lists_parents_before_children()
    {
        var store = TestStores.Create(TimeProvider.System);
        var tree = store.Dcs.AlarmTree;
        tree.Apply(
        [
            new DcsAlarmNode("/J", false), new DcsAlarmNode("/J/HV", false), new DcsAlarmNode("/J/HV-B", false),
            new DcsAlarmNode("/J/HV/a", true) { Severity = PhoebusSeverity.MinorAck },
            new DcsAlarmNode("/J/HV/b", true) { Severity = PhoebusSeverity.Major, Enabled = false },
            new DcsAlarmNode("/J/HV-B/c", true) { Severity = PhoebusSeverity.Minor },
        ], []);
        var rows = tree.Snapshot();
        Assert.Equal(["/J", "/J/HV", "/J/HV/a", "/J/HV/b", "/J/HV-B", "/J/HV-B/c"], rows.Select(r => r.Node.Path));
        // A disabled PV does not count; MINOR outranks MINOR_ACK.
        Assert.Equal([PhoebusSeverity.Minor, PhoebusSeverity.MinorAck, PhoebusSeverity.MinorAck, PhoebusSeverity.Ok, PhoebusSeverity.Minor, PhoebusSeverity.Minor], rows.Select(r => r.Worst));
        tree.Apply([], ["/J/HV-B/c"]);
        Assert.Equal(PhoebusSeverity.MinorAck, tree.Snapshot()[0].Worst);
    }

    [Fact]
    public void The_simulated_server_raises_a_latched_alarm_that_an_acknowledgement_clears_in_the_console_list()
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time);
        var health = store.Collectors.Register("sim", "sim", TimeSpan.FromSeconds(1));
        var server = new SimulatedPhoebus(1);
        var ingest = new PhoebusIngest(store, health, NullLogger.Instance, server.Config);
        void Step(int seconds)
        {
            for (var i = 0; i < seconds; i++)
            {
                ingest.Apply(server.Step(time.GetUtcNow()));
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }
        Step(1);
        Assert.Equal(1 + 1 + 6 + 12, store.Dcs.AlarmTree.Count);
        Assert.DoesNotContain(store.Alarms.Snapshot().Alarms, a => a.Active);
        Step(25);
        var alarm = Assert.Single(store.Alarms.Snapshot().Alarms, a => a.Active && a.Source == "phoebus");
        Assert.True(ingest.Handles(alarm.Key));
        Assert.StartsWith("phoebus:/JUNO/DCS/", alarm.Key, StringComparison.Ordinal);
        Assert.NotNull(alarm.Guidance);
        // Acknowledged in the console, then sent to the server (as AlarmActions does): MAJOR_ACK there, the console's own kept.
        var path = alarm.Key["phoebus:".Length..];
        Assert.True(store.Alarms.Acknowledge(alarm.Key, alarm.Activation, "erin", "seen").Done);
        Assert.True(server.Acknowledge(path, time.GetUtcNow()));
        Assert.False(server.Acknowledge(path, time.GetUtcNow()));
        Step(1);
        Assert.True(PhoebusMessages.IsAcknowledged(store.Dcs.AlarmTree.Find(path)!.Severity));
        Assert.Equal("erin", store.Alarms.Find(alarm.Key)!.Acknowledged!.By);
        // The value goes back after a minute; acknowledged, the alarm is over in Phoebus and here.
        Step(60);
        Assert.Equal(PhoebusSeverity.Ok, store.Dcs.AlarmTree.Find(path)!.Severity);
        Assert.False(store.Alarms.Find(alarm.Key)?.Active ?? false);
        Assert.Equal(0, health.Snapshot().Malformed);
    }

    [Fact]
    public void An_alarm_nobody_acknowledges_is_acknowledged_by_the_simulated_phoebus_operator_and_shows_so_here()
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time);
        var server = new SimulatedPhoebus(1);
        var ingest = new PhoebusIngest(store, store.Collectors.Register("sim", "sim", TimeSpan.FromSeconds(1)), NullLogger.Instance, server.Config);
        void Step(int seconds)
        {
            for (var i = 0; i < seconds; i++)
            {
                ingest.Apply(server.Step(time.GetUtcNow()));
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }
        Step(35);
        var alarm = Assert.Single(store.Alarms.Snapshot().Alarms, a => a.Active && a.Source == "phoebus");
        Assert.Null(alarm.Acknowledged);
        // 45 s after it came, an operator at a Phoebus client acknowledges it: MAJOR_ACK, acknowledged by Phoebus here.
        Step(35);
        var after = store.Alarms.Find(alarm.Key)!;
        Assert.True(after.Active);
        Assert.Equal("Phoebus", after.Acknowledged?.By);
    }
}
