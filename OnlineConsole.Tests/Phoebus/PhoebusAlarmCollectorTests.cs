using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Collectors.Phoebus;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Phoebus;

/// <summary>
/// EPICS alarms in the exact records of the Phoebus alarm server (ControlSystemStudio/phoebus, app/alarm: keys
/// "config:/path" and "state:/path" on the topic named after the configuration, JsonModelWriter's JSON, commands on
/// its "Command" topic as AlarmClient sends them), through librdkafka's mock cluster.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PhoebusAlarmCollectorTests : IDisposable
{
    private const string Config = "Accelerator";
    private const string Pv = "/Accelerator/Vacuum/Sector1/SR:VAC:GAUGE1";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly KafkaMockCluster _kafka = new(brokers: 1);
    private readonly LiveStore _store = TestStores.Create(TimeProvider.System);
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly IProducer<string, string?> _producer;

    public PhoebusAlarmCollectorTests()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        _kafka.CreateTopic(Config, partitions: 1, replication: 1);
        _kafka.CreateTopic(Config + "Command", partitions: 1, replication: 1);
        _producer = new ProducerBuilder<string, string?>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers, LingerMs = 0 }).Build();
    }

    public void Dispose()
    {
        _producer.Dispose();
        _kafka.Dispose();
        _loggerFactory.Dispose();
    }

    private PhoebusAlarmCollector Collector() => new(_store, Options.Create(new PhoebusOptions { BootstrapServers = _kafka.BootstrapServers, Config = Config, Host = "console01" }),
        _loggerFactory.CreateLogger<PhoebusAlarmCollector>());

    private void Send(string key, string? value) => _producer.Produce(Config, new Message<string, string?> { Key = key, Value = value });

    // JsonModelWriter.toJsonBytes(AlarmTreeItem): user, host, then a leaf's description, guidance, displays, commands.
    private static string LeafConfig(string description) =>
        "{\"user\":\"ops\",\"host\":\"css01\",\"description\":\"" + description + "\",\"guidance\":[{\"title\":\"Call\",\"details\":\"the vacuum expert\"}],\"displays\":[{\"title\":\"Gauges\",\"details\":\"vacuum.bob\"}]}";

    // JsonModelWriter.toJsonBytes(BasicState): severity, [latch], message, value, time, current_severity, current_message.
    private static string LeafState(string severity, string current, string message = "HIGH_ALARM", string value = "3.2e-7", bool latch = false) =>
        "{\"severity\":\"" + severity + "\"" + (latch ? ",\"latch\":true" : "") + ",\"message\":\"" + message + "\",\"value\":\"" + value
        + "\",\"time\":{\"seconds\":1796637600,\"nano\":250000000},\"current_severity\":\"" + current + "\",\"current_message\":\"" + message + "\"}";

    private void SendTree()
    {
        Send("config:/Accelerator", "{\"user\":\"ops\",\"host\":\"css01\"}");
        Send("config:/Accelerator/Vacuum", "{\"user\":\"ops\",\"host\":\"css01\"}");
        Send("config:/Accelerator/Vacuum/Sector1", "{\"user\":\"ops\",\"host\":\"css01\"}");
        Send("config:" + Pv, LeafConfig("Sector 1 gauge 1"));
        Send("config:/Accelerator/Vacuum/Sector1/SR:VAC:GAUGE2", LeafConfig("Sector 1 gauge 2"));
        Send("state:" + Pv, LeafState("OK", "OK", "OK", "1e-9"));
    }

    [Fact]
    public async Task Config_and_state_become_one_alarm_with_path_and_guidance_and_acknowledgements_go_both_ways()
    {
        SendTree();
        Send("state:" + Pv, LeafState("MAJOR", "MAJOR"));
        Send("state:/Accelerator/Vacuum", "{\"severity\":\"MAJOR\"}");
        using var commands = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = "test-commands", AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        commands.Subscribe(Config + "Command");
        using var collector = Collector();
        await collector.StartAsync(CancellationToken.None);
        try
        {
            var key = "phoebus:" + Pv;
            await Poll.UntilAsync(() => _store.Alarms.Find(key) is { Active: true }, Deadline, "the PV's alarm");
            var alarm = _store.Alarms.Find(key)!;
            Assert.Equal((AlarmSeverity.Major, "phoebus", "phoebus"), (alarm.Severity, alarm.Source, alarm.Rule));
            Assert.Equal("Sector 1 gauge 1: HIGH_ALARM (3.2e-7)", alarm.Message);
            Assert.Equal("Call: the vacuum expert", alarm.Guidance);
            Assert.Equal((Pv, "Vacuum", "dcs", "SR:VAC:GAUGE1"), (alarm.Labels["path"], alarm.Labels["system"], alarm.Labels["area"], alarm.Labels["pv"]));
            // The tree, with the worst severity rolled up to the root.
            var tree = _store.Dcs.AlarmTree.Snapshot();
            Assert.Equal(["/Accelerator", "/Accelerator/Vacuum", "/Accelerator/Vacuum/Sector1", Pv, "/Accelerator/Vacuum/Sector1/SR:VAC:GAUGE2"], tree.Select(t => t.Node.Path));
            Assert.All(tree.Take(4), t => Assert.Equal(PhoebusSeverity.Major, t.Worst));
            Assert.Equal(PhoebusSeverity.Ok, tree[4].Worst);

            // Acknowledged in Phoebus: MAJOR_ACK acknowledges it here.
            Send("state:" + Pv, LeafState("MAJOR_ACK", "MAJOR"));
            await Poll.UntilAsync(() => _store.Alarms.Find(key)?.Acknowledged is not null, Deadline, "the Phoebus acknowledgement");
            Assert.Equal("Phoebus", _store.Alarms.Find(key)!.Acknowledged!.By);
            // Unacknowledged in Phoebus: withdrawn here.
            Send("state:" + Pv, LeafState("MAJOR", "MAJOR"));
            await Poll.UntilAsync(() => _store.Alarms.Find(key)?.Acknowledged is null, Deadline, "the Phoebus unacknowledgement");
            Assert.Contains(_store.Alarms.Events(key), e => e.Kind == AlarmEventKind.Unacknowledged);

            // Acknowledged in the console: the command Phoebus' AlarmClient would send.
            Assert.True(collector.Handles(key));
            Assert.False(collector.Handles("rules/x"));
            await collector.AcknowledgeAsync(key, "erin", CancellationToken.None);
            var command = commands.Consume(Deadline);
            Assert.Equal("command:" + Pv, command.Message.Key);
            using var json = JsonDocument.Parse(command.Message.Value);
            Assert.Equal(("erin", "console01", "acknowledge"), (json.RootElement.GetProperty("user").GetString(), json.RootElement.GetProperty("host").GetString(), json.RootElement.GetProperty("command").GetString()));

            // Back to OK: the console's alarm clears (Phoebus latches and acknowledges by itself, the console follows).
            Send("state:" + Pv, LeafState("OK", "OK", "OK", "1e-9"));
            await Poll.UntilAsync(() => _store.Alarms.Find(key) is not { Active: true }, Deadline, "the alarm cleared");
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_tombstone_deletes_the_pv_and_its_alarm_and_later_states_for_it_are_ignored()
    {
        SendTree();
        Send("state:" + Pv, LeafState("MINOR", "MINOR"));
        using var collector = Collector();
        await collector.StartAsync(CancellationToken.None);
        try
        {
            var key = "phoebus:" + Pv;
            await Poll.UntilAsync(() => _store.Alarms.Find(key) is { Active: true, Severity: AlarmSeverity.Minor }, Deadline, "the minor alarm");
            // AlarmClient.removeComponent: the notice of who deletes, then the tombstone.
            Send("config:" + Pv, "{\"user\":\"ops\",\"host\":\"css01\",\"delete\":\"Deleting\"}");
            Send("config:" + Pv, null);
            Send("state:" + Pv, LeafState("MAJOR", "MAJOR"));
            Send("config:/Accelerator/Vacuum/Sector1/SR:VAC:GAUGE3", LeafConfig("Sector 1 gauge 3"));
            await Poll.UntilAsync(() => _store.Dcs.AlarmTree.Find("/Accelerator/Vacuum/Sector1/SR:VAC:GAUGE3") is not null, Deadline, "the next record");
            Assert.Null(_store.Dcs.AlarmTree.Find(Pv));
            Assert.False(_store.Alarms.Find(key)?.Active ?? false);
            Assert.Equal(0, collector.Health.Snapshot().Malformed);
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_burst_of_10000_state_changes_lands_and_damaged_records_are_counted_and_skipped()
    {
        SendTree();
        const int pvs = 500;
        for (var i = 0; i < pvs; i++) Send($"config:/Accelerator/RF/Cavity{i:000}", LeafConfig("Cavity " + i));
        using var collector = Collector();
        await collector.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => _store.Dcs.AlarmTree.Count == 5 + pvs, Deadline, "the tree");
            // 20 changes for each of 500 PVs; the last one leaves every even PV in MINOR.
            for (var round = 0; round < 20; round++)
                for (var i = 0; i < pvs; i++)
                    Send($"state:/Accelerator/RF/Cavity{i:000}", round == 19 && i % 2 == 0 ? LeafState("MINOR", "MINOR", "LOW_ALARM", "0.9") : round % 2 == 0 ? LeafState("MAJOR", "MAJOR") : LeafState("OK", "OK", "OK", "1"));
            Send("state:/Accelerator/RF/Cavity001", "{\"severity\":\"PURPLE\"}");
            Send("state:/Accelerator/RF/Cavity003", "not json");
            Send("nonsense", "{}");
            Send("config:/Accelerator/RF/Cavity005", "{\"severity\":\"MAJOR\"}");
            Send("state:/Accelerator/RF/Marker", LeafState("MAJOR", "MAJOR"));
            var took = await Poll.UntilAsync(() => _store.Dcs.AlarmTree.Find("/Accelerator/RF/Marker") is not null, TimeSpan.FromSeconds(30), "the marker after the burst");
            var active = _store.Alarms.Snapshot().Alarms.Where(a => a.Source == "phoebus" && a.Active && a.Key.Contains("/RF/Cavity", StringComparison.Ordinal)).ToList();
            Assert.Equal(pvs / 2, active.Count);
            Assert.All(active, a => Assert.Equal(AlarmSeverity.Minor, a.Severity));
            Assert.Equal(4, collector.Health.Snapshot().MalformedBy[Config]);
            Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("was skipped", StringComparison.Ordinal));
            Assert.True(took < TimeSpan.FromSeconds(30), took.ToString());
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_simulated_alarm_server_over_kafka_takes_an_acknowledgement_made_in_the_console()
    {
        _kafka.CreateTopic("JUNO", partitions: 1, replication: 1);
        _kafka.CreateTopic("JUNOCommand", partitions: 1, replication: 1);
        var sim = Options.Create(new OnlineConsole.Collectors.Simulation.SimulatorOptions { FrameInterval = TimeSpan.FromMilliseconds(200) });
        using var server = new KafkaPhoebusSimulator(_kafka.BootstrapServers, sim, TimeProvider.System, _loggerFactory.CreateLogger<KafkaPhoebusSimulator>());
        using var collector = new PhoebusAlarmCollector(_store, Options.Create(new PhoebusOptions { BootstrapServers = _kafka.BootstrapServers, Config = "JUNO" }),
            _loggerFactory.CreateLogger<PhoebusAlarmCollector>());
        await server.StartAsync(CancellationToken.None);
        await collector.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => _store.Dcs.AlarmTree.Count == 20, Deadline, "the simulated tree");
            // Its first PV alarm comes 20 s after start.
            await Poll.UntilAsync(() => _store.Alarms.Snapshot().Alarms.Any(a => a.Source == "phoebus" && a.Active), TimeSpan.FromSeconds(40), "the first PV alarm");
            var alarm = _store.Alarms.Snapshot().Alarms.Single(a => a.Source == "phoebus" && a.Active);
            Assert.True(_store.Alarms.Acknowledge(alarm.Key, alarm.Activation, "erin", "seen").Done);
            await collector.AcknowledgeAsync(alarm.Key, "erin", CancellationToken.None);
            var path = alarm.Key["phoebus:".Length..];
            await Poll.UntilAsync(() => PhoebusMessages.IsAcknowledged(_store.Dcs.AlarmTree.Find(path)!.Severity), Deadline, "the server's *_ACK state");
            Assert.Equal("erin", _store.Alarms.Find(alarm.Key)!.Acknowledged!.By);
            Assert.Equal(0, collector.Health.Snapshot().Malformed);
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
            await server.StopAsync(CancellationToken.None);
        }
    }
}
