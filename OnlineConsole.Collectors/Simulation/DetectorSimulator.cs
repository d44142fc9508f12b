using OnlineConsole.Collectors.ZooKeeper;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Run;
using OnlineConsole.Collectors.ComputeNodes;
using OnlineConsole.Collectors.RedisHealth;
using OnlineConsole.Collectors.KafkaHealth;
using OnlineConsole.Collectors.Ceph;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>
/// A simulated detector that is realistic enough to operate on. Each <see cref="Step"/> advances it by one frame
/// and writes into the live store through the same areas real collectors use. Deterministic from the seed:
/// everything random comes from generators seeded by (seed, frame or epoch), never from the clock.
/// </summary>
public sealed class DetectorSimulator
{
    public const string SourceName = "simulator";

    // The infrastructure outside the cluster; the microservices are the simulated cluster's workloads.
    private static readonly (string Name, string Kind)[] ServiceList =
    [
        ("data-flow-manager", "daq"), ("event-builder", "daq"),
        ("redis", "database"), ("kafka", "broker"), ("postgresql", "database"),
        ("prometheus", "monitoring"), ("harbor", "registry"),
    ];

    private readonly SimulatorOptions _options;
    private readonly LiveStore _store;
    private readonly DetectorGeometry _geometry;
    private readonly float[] _baseline;
    private readonly float[] _frame;
    private readonly Random _noise;
    private long _step;
    private long _anomalyEpoch = -1;
    private int[] _hot = [];
    private int[] _dead = [];
    private int[] _flapping = [];

    // Run controller state.
    private readonly SimulatedRunController _run;

    // Network state: counters per (device, port), as a switch would report them.
    private readonly List<SimDevice> _devices = [];
    private readonly List<NetworkLink> _links = [];
    private DateTimeOffset _lastNetwork = DateTimeOffset.MinValue;
    private DateTimeOffset _networkStart = DateTimeOffset.MinValue;
    private readonly NetworkAlarmThresholds _thresholds;

    public DetectorSimulator(SimulatorOptions options, LiveStore store, NetworkAlarmThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _thresholds = thresholds ?? NetworkAlarmThresholds.Default;
        _store = store;
        _geometry = store.Channels.Geometry;
        _baseline = new float[_geometry.Count];
        _frame = new float[_geometry.Count];
        _noise = new Random(options.Seed);
        var spread = new Random(options.Seed ^ 0x5EED);
        var limits = store.Channels.Limits;
        for (var i = 0; i < _baseline.Length; i++)
        {
            // Each channel has its own lognormal-spread baseline around its type's baseline.
            var typeBaseline = limits.For(_geometry.Channels[i].Type).Baseline;
            _baseline[i] = (float)(typeBaseline * Math.Exp(0.15 * Gaussian(spread)));
        }
        _run = new SimulatedRunController(options);
        BuildNetwork();
        if (options.Supervisor) Supervisor = new SimulatedSupervisor(store, options.Seed);
        if (options.Kubernetes) Kubernetes = new SimulatedKubernetes(store, options.KubernetesNodes, options.KubernetesPods);
    }

    /// <summary>The simulated Kubernetes cluster; null when a real one is watched.</summary>
    public SimulatedKubernetes? Kubernetes { get; }

    public SimulatedRunController RunController => _run;

    /// <summary>The simulated supervisord host; null when a real one is configured.</summary>
    public SimulatedSupervisor? Supervisor { get; }
    public long Steps => _step;
    public IReadOnlyList<int> HotChannels => _hot;
    public IReadOnlyList<int> DeadChannels => _dead;
    public IReadOnlyList<int> FlappingChannels => _flapping;

    /// <summary>Dense indices forced dead from the next frame on, on top of the drawn anomalies (fault drills, tests).</summary>
    public IReadOnlyList<int> ForcedDead { get; set; } = [];

    /// <summary>Devices made to fail (fault file "device NAME"): unreachable, every port down, and the cables to them.</summary>
    public IReadOnlySet<string> ForcedDown { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Advances one frame and writes run, channels, network (at its own interval) and services.</summary>
    public void Step(DateTimeOffset now)
    {
        var frameSeconds = _options.FrameInterval.TotalSeconds;
        _run.Advance(_options.FrameInterval, now);
        _store.Run.Report(_run.Status, new SourceStamp(SourceName, now));
        _store.Run.SetHistory(_run.History);

        var epoch = (long)(_step * frameSeconds / _options.AnomalyPeriod.TotalSeconds);
        if (epoch != _anomalyEpoch) DrawAnomalies(epoch);
        for (var i = 0; i < _frame.Length; i++)
        {
            // ~2% frame-to-frame noise, as counting statistics over one second would give.
            _frame[i] = (float)(_baseline[i] * (1 + (0.02 * Gaussian(_noise))));
        }
        // Hot means above the type's hot limit, whatever the channel's own baseline.
        foreach (var i in _hot) _frame[i] = Math.Max(_frame[i] * 6, (float)(_store.Channels.Limits.For(_geometry.Channels[i].Type).HotAbove * 1.5));
        foreach (var i in _dead) _frame[i] = 0;
        foreach (var i in ForcedDead) _frame[i] = 0;
        for (var k = 0; k < _flapping.Length; k++)
        {
            // Each flapping channel toggles with its own period of 3..8 frames.
            var period = 3 + (k % 6);
            if ((_step / period) % 2 == 1) _frame[_flapping[k]] = 0;
        }
        _store.Channels.Write(0, _frame, new SourceStamp(SourceName, now));

        if (now - _lastNetwork >= _options.NetworkInterval)
        {
            StepNetwork(now);
            StepServices(now);
            _lastNetwork = now;
        }
        _step++;
    }

    private void DrawAnomalies(long epoch)
    {
        _anomalyEpoch = epoch;
        // Not HashCode.Combine: it is salted per process, and the same seed must give the same anomalies.
        var rng = new Random(unchecked((_options.Seed * 397) ^ (int)epoch));
        var picks = Enumerable.Range(0, _geometry.Count).OrderBy(_ => rng.Next())
            .Take(_options.HotChannels + _options.DeadChannels + _options.FlappingChannels).ToArray();
        _hot = picks[.._options.HotChannels];
        _dead = picks[_options.HotChannels..(_options.HotChannels + _options.DeadChannels)];
        _flapping = picks[(_options.HotChannels + _options.DeadChannels)..];
    }

    private void BuildNetwork()
    {
        var servers = _options.Servers;
        if (servers == 0) return;
        var edges = (servers + _options.ServersPerEdgeSwitch - 1) / _options.ServersPerEdgeSwitch;
        var cores = new[] { new SimDevice("core01", DeviceRole.CoreSwitch, "10.10.0.1"), new SimDevice("core02", DeviceRole.CoreSwitch, "10.10.0.2") };
        _devices.AddRange(cores);
        for (var e = 0; e < edges; e++)
        {
            var edge = new SimDevice($"edge{e + 1:00}", DeviceRole.EdgeSwitch, $"10.10.1.{e + 1}");
            if (e >= 254) edge = new SimDevice(edge.Name, DeviceRole.EdgeSwitch, $"10.11.{e / 254}.{(e % 254) + 1}");
            _devices.Add(edge);
            for (var u = 0; u < cores.Length; u++)
            {
                var up = edge.AddPort($"uplink{u + 1}", 100_000_000_000L, cores[u].Name);
                var down = cores[u].AddPort($"Eth1/{e + 1}", 100_000_000_000L, edge.Name);
                _links.Add(new NetworkLink(edge.Name, up.Name, cores[u].Name, down.Name));
            }
            for (var p = 0; p < _options.ServersPerEdgeSwitch; p++)
            {
                var s = (e * _options.ServersPerEdgeSwitch) + p;
                if (s >= servers) break;
                var server = new SimDevice($"hd{s + 1:000}", DeviceRole.Server, ServerAddress(s + 1))
                {
                    // As on a real site, a few hosts drop ICMP and are checked by TCP instead.
                    Probes = new ReachabilityWindow(TimeSpan.FromMinutes(5)),
                    Method = (s + 1) % 10 == 0 ? ReachabilityMethod.Tcp : ReachabilityMethod.Icmp,
                };
                _devices.Add(server);
                var port = edge.AddPort($"Eth1/{p + 1}", 25_000_000_000L, server.Name);
                var nic = server.AddPort("eth0", 25_000_000_000L, edge.Name);
                _links.Add(new NetworkLink(edge.Name, port.Name, server.Name, nic.Name));
            }
        }
    }

    /// <summary>Server n at 10.10.2.n up to 254, then on in 10.12.x.y.</summary>
    private static string ServerAddress(int n) => n <= 254 ? $"10.10.2.{n}" : $"10.12.{(n - 255) / 254}.{((n - 255) % 254) + 1}";

    private void StepNetwork(DateTimeOffset now)
    {
        if (_devices.Count == 0) return;
        if (_networkStart == DateTimeOffset.MinValue) _networkStart = now;
        var elapsed = _lastNetwork == DateTimeOffset.MinValue ? _options.NetworkInterval : now - _lastNetwork;
        var running = _run.Status.State == RunState.Running;
        var rng = new Random(HashCode.Combine(_options.Seed, _step, 17));
        // Its own sequence, so the probes leave the port and host figures of a seed as they were.
        var probeRng = new Random(HashCode.Combine(_options.Seed, _step, 29));
        // One server link is down for a while in each anomaly period, so the network view has something to show.
        var downServer = _options.Servers > 0 ? $"hd{(int)((_anomalyEpoch * 37) % _options.Servers) + 1:000}" : null;
        var downNow = _step * _options.FrameInterval.TotalSeconds % _options.AnomalyPeriod.TotalSeconds < 45;
        var devices = new List<NetworkDevice>(_devices.Count);
        var failed = ForcedDown;
        // A server all of whose switches failed is cut off: it does not answer either.
        var cutOff = new HashSet<string>(failed, StringComparer.Ordinal);
        if (failed.Count > 0)
            foreach (var d in _devices.Where(d => d.Role == DeviceRole.Server && d.Ports.Count > 0 && d.Ports.All(p => p.Neighbour is { } n && failed.Contains(n))))
                cutOff.Add(d.Name);
        foreach (var d in _devices)
        {
            var ports = new List<PortStatus>(d.Ports.Count);
            foreach (var p in d.Ports)
            {
                var linkDown = (downNow && (p.Neighbour == downServer || d.Name == downServer)) || failed.Contains(d.Name) || (p.Neighbour is { } nb && failed.Contains(nb));
                var load = linkDown ? 0 : (running ? 0.25 + (0.2 * rng.NextDouble()) : 0.01 * rng.NextDouble());
                var bytes = (ulong)(p.Speed / 8 * load * elapsed.TotalSeconds);
                var prevIn = p.InOctets;
                var prevOut = p.OutOctets;
                p.InOctets += bytes;
                p.OutOctets += (ulong)(bytes * 0.98);
                var errors = !linkDown && rng.NextDouble() < 0.002 ? (ulong)rng.Next(1, 50) : 0UL;
                p.InErrors += errors;
                var inRate = CounterRate.PerSecond(prevIn, p.InOctets, elapsed, 64) ?? 0;
                var outRate = CounterRate.PerSecond(prevOut, p.OutOctets, elapsed, 64) ?? 0;
                ports.Add(new PortStatus(ports.Count + 1, p.Name, linkDown ? LinkState.Down : LinkState.Up, p.Speed,
                    inRate * 8, outRate * 8, errors / elapsed.TotalSeconds, 0, p.Neighbour));
            }
            var reachable = !(downNow && d.Name == downServer) && !cutOff.Contains(d.Name);
            devices.Add(new NetworkDevice(d.Name, d.Role, d.Address, reachable, ports, new SourceStamp(SourceName, now))
            {
                Metrics = d.Role == DeviceRole.Server && reachable ? ServerMetrics(d, now, running, rng) : null,
                Reachability = d.Probes?.Add(d.Method, now, ProbeRtt(reachable, running, probeRng), 22),
            });
        }
        _store.Network.Replace(NetworkAlarms.WithAlarms(new NetworkSnapshot(devices, _links), _thresholds), new SourceStamp(SourceName, now));
        if (_options.ComputeNodes) ReportComputeNodes(devices, now);
    }

    private const int MaxSimulatedNodes = 200;

    // The servers as Prometheus' node-exporter would show them, from the same metrics as the topology's hover cards.
    private void ReportComputeNodes(List<NetworkDevice> devices, DateTimeOffset now)
    {
        var stamp = new SourceStamp(SourceName, now);
        var servers = devices.Where(d => d.Role == DeviceRole.Server).ToList();
        // JUNO has about 100; a scale test's thousands of servers would fill the store's service budget (Store:MaxServices).
        foreach (var d in servers.Take(MaxSimulatedNodes))
        {
            var m = d.Metrics;
            var up = d.Reachable && m is not null;
            KeyValuePair<string, string>[] facts = up
                ? [new("Node.Fact.Target", "up"), new("Node.Fact.Cpu", Percent(m!.CpuPercent)), new("Node.Fact.Memory", Percent(m.MemoryUsedPercent))]
                : [new("Node.Fact.Target", "down")];
            _store.Services.Report(new ServiceHealth(ComputeNodesCollector.ServiceName(d.Name), ComputeNodesCollector.Kind, up ? ServiceState.Up : ServiceState.Down,
                up ? $"CPU {Percent(m!.CpuPercent)}, memory {Percent(m.MemoryUsedPercent)}" : "target down: scrape fails", stamp)
            {
                Parent = ComputeNodesCollector.GroupName, Facts = facts,
                Values = up ? new Dictionary<string, double> { ["cpu"] = (m!.CpuPercent ?? 0) / 100, ["memory"] = (m.MemoryUsedPercent ?? 0) / 100 } : new Dictionary<string, double>(),
            });
        }
        var down = servers.Count(d => !d.Reachable || d.Metrics is null);
        _store.Services.Report(new ServiceHealth(ComputeNodesCollector.GroupName, ComputeNodesCollector.GroupKind,
            down == 0 ? ServiceState.Up : down == servers.Count ? ServiceState.Down : ServiceState.Degraded,
            $"{servers.Count - down} of {servers.Count} node(s) up" + (servers.Count > MaxSimulatedNodes ? $" (the first {MaxSimulatedNodes} listed)" : ""), stamp)
        {
            Facts = [new("Node.Fact.Nodes", servers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
    }

    private static string Percent(double? v) => v is { } x ? Math.Round(x).ToString(System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>
    /// A simulated probe: a quarter to half a millisecond on the DAQ network, more under run load; no answer from the
    /// down server and, now and then (0.5 %), from any other.
    /// </summary>
    private static double? ProbeRtt(bool reachable, bool running, Random rng) =>
        !reachable || rng.NextDouble() < 0.005 ? null : Math.Round(0.25 + (0.25 * rng.NextDouble()) + (running ? 0.3 * rng.NextDouble() : 0), 3);

    /// <summary>
    /// Plausible host metrics: CPU follows the run (busy while running), memory drifts around a per-server level,
    /// uptime counts from a per-server boot a few days before the simulation started.
    /// </summary>
    private NodeMetrics ServerMetrics(SimDevice d, DateTimeOffset now, bool running, Random rng)
    {
        // string.GetHashCode differs per process; the simulator must repeat from its seed.
        var stable = d.Name.Aggregate(17, (h, c) => unchecked((h * 31) + c));
        var own = new Random(unchecked((_options.Seed * 7919) + stable));
        var memBase = 25 + (50 * own.NextDouble());
        var bootedBefore = TimeSpan.FromHours(1 + (own.NextDouble() * 24 * 30));
        var cpu = running ? 45 + (35 * rng.NextDouble()) : 2 + (8 * rng.NextDouble());
        var mem = Math.Clamp(memBase + (running ? 10 : 0) + (4 * (rng.NextDouble() - 0.5)), 0, 100);
        return new NodeMetrics(Math.Round(cpu, 1), Math.Round(mem, 1), bootedBefore + (now - _networkStart));
    }

    private void StepServices(DateTimeOffset now)
    {
        var seconds = (long)(_step * _options.FrameInterval.TotalSeconds);
        for (var k = 0; k < ServiceList.Length; k++)
        {
            var (name, kind) = ServiceList[k];
            // Redis is played in the health collector's shape instead (StepRedis); its place keeps the others' phases.
            if (name == "redis" || (name == "kafka" && _options.KafkaHealth)) continue;
            // Each service has a short degraded spell at its own phase of a 7-minute cycle.
            var phase = (seconds + (k * 53)) % 420;
            var state = phase < 20 && k % 3 == 1 ? ServiceState.Degraded : ServiceState.Up;
            var detail = state == ServiceState.Degraded ? "readiness probe slow" : null;
            _store.Services.Report(new ServiceHealth(name, kind, state, detail, new SourceStamp(SourceName, now)));
        }
        Supervisor?.Step(now);
        Kubernetes?.Step(now);
        if (_options.ZooKeeper) StepZooKeeper(now, seconds);
        if (_options.RedisHealth) StepRedis(now, seconds);
        if (_options.KafkaHealth) StepKafka(now, seconds);
        if (_options.Ceph) StepCeph(now, seconds);
    }

    // The storage cluster through the same parser as a real `ceph status`: one OSD is down for 90 s of every 19 minutes.
    private void StepCeph(DateTimeOffset now, long seconds)
    {
        var down = seconds % 1140 is >= 600 and < 690;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var checks = down
            ? """{"OSD_DOWN":{"severity":"HEALTH_WARN","summary":{"message":"1 osds down","count":1},"muted":false},"PG_DEGRADED":{"severity":"HEALTH_WARN","summary":{"message":"Degraded data redundancy: 2240/67206 objects degraded (3.333%), 41 pgs degraded","count":41},"muted":false}}"""
            : "{}";
        var pgs = down ? """[{"state_name":"active+clean","count":983},{"state_name":"active+undersized+degraded","count":41}]""" : """[{"state_name":"active+clean","count":1024}]""";
        var json = $$$"""
            {"fsid":"5c0f3b7e-2d1a-4a6e-9f3b-1e7c5a9d2b40","health":{"status":"{{{(down ? "HEALTH_WARN" : "HEALTH_OK")}}}","checks":{{{checks}}},"mutes":[]},
             "quorum":[0,1,2],"quorum_names":["ceph-mon1","ceph-mon2","ceph-mon3"],
             "monmap":{"epoch":3,"min_mon_release_name":"pacific","num_mons":3},
             "osdmap":{"epoch":4211,"num_osds":30,"num_up_osds":{{{(down ? 29 : 30).ToString(inv)}}},"num_in_osds":30,"num_remapped_pgs":0},
             "pgmap":{"pgs_by_state":{{{pgs}}},"num_pgs":1024,"num_pools":4,"num_objects":22402,"data_bytes":83562057318400,"bytes_used":251230560231424,"bytes_avail":408561393418240,"bytes_total":659791953649664},
             "mgrmap":{"available":true,"num_standbys":1}}
            """;
        _store.Services.Report(CephCollector.Row(CephCollector.ServiceName("sim"), json, new SourceStamp(SourceName, now)));
    }

    private static readonly (string Topic, int Partitions)[] KafkaTopics = [("daq.log", 12), ("daq.metric", 6), ("daq.histogram", 3), ("dcs.alarm-state", 1)];

    // The message bus in the admin collector's shape: three brokers; the log archiver falls behind for 60 s of every
    // 13 minutes (consumer lag over its threshold), and one daq.log partition is under-replicated for 20 s of every 17.
    private void StepKafka(DateTimeOffset now, long seconds)
    {
        var stamp = new SourceStamp(SourceName, now);
        var cluster = KafkaHealthCollector.ClusterRow("sim");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var urp = seconds % 1020 is >= 500 and < 520;
        for (var b = 1; b <= 3; b++)
            _store.Services.Report(new ServiceHealth($"{cluster}/broker/{b}", KafkaHealthCollector.BrokerKind, ServiceState.Up, $"10.10.2.{b + 10}:9092", stamp)
            {
                Parent = cluster, Facts = [new("Kafka.Fact.Address", $"10.10.2.{b + 10}:9092")],
            });
        foreach (var (topic, partitions) in KafkaTopics)
        {
            var bad = urp && topic == "daq.log" ? 1 : 0;
            _store.Services.Report(new ServiceHealth($"{cluster}/topic/{topic}", KafkaHealthCollector.TopicKind, bad > 0 ? ServiceState.Degraded : ServiceState.Up,
                bad > 0 ? $"1 of {partitions} partitions under-replicated" : $"{partitions} partition(s), replication 3", stamp)
            {
                Parent = cluster,
                Facts =
                [
                    new("Kafka.Fact.Partitions", partitions.ToString(inv)), new("Kafka.Fact.Replication", "3"),
                    new("Kafka.Fact.Leaders", string.Join(" ", Enumerable.Range(0, partitions).Select(p => $"{p}:{(p % 3) + 1}"))),
                    new("Kafka.Fact.UnderReplicated", bad.ToString(inv)), new("Kafka.Fact.Offline", "0"),
                ],
            });
        }
        var behind = seconds % 780 is >= 300 and < 360;
        foreach (var (group, topic, lag) in new[] { ("dq-engine", "daq.histogram", 40 + (seconds % 7 * 13)), ("log-archiver", "daq.log", behind ? 25_000 + ((seconds - 300) % 780 * 900) : 120 + (seconds % 11 * 31)) })
            _store.Services.Report(new ServiceHealth($"{cluster}/group/{group}", KafkaHealthCollector.GroupKind, lag > 10_000 ? ServiceState.Degraded : ServiceState.Up,
                $"lag {lag.ToString(inv)} messages", stamp)
            {
                Parent = cluster,
                Facts = [new("Kafka.Fact.Lag", lag.ToString(inv)), new("Kafka.Fact.MaxPartitionLag", (lag / 3).ToString(inv)), new("Kafka.Fact.GroupTopics", topic)],
            });
        _store.Services.Report(new ServiceHealth(cluster, KafkaHealthCollector.ClusterKind, urp ? ServiceState.Degraded : ServiceState.Up,
            urp ? "1 under-replicated partitions" : $"3 brokers, {KafkaTopics.Length} topics", stamp)
        {
            Facts =
            [
                new("Kafka.Fact.Brokers", "3"), new("Kafka.Fact.Topics", KafkaTopics.Length.ToString(inv)),
                new("Kafka.Fact.Partitions", KafkaTopics.Sum(t => t.Partitions).ToString(inv)), new("Kafka.Fact.UnderReplicated", urp ? "1" : "0"), new("Kafka.Fact.Offline", "0"),
            ],
        });
    }

    // Run control's Redis and its replica in the collector's shape; the replica loses its master for 15 s of every 11 minutes.
    private void StepRedis(DateTimeOffset now, long seconds)
    {
        var stamp = new SourceStamp(SourceName, now);
        var broken = seconds % 660 is >= 400 and < 415;
        var clients = (23 + (seconds / 10 % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _store.Services.Report(new ServiceHealth(RedisHealthCollector.ServiceName("run-control"), RedisHealthCollector.Kind,
            broken ? ServiceState.Degraded : ServiceState.Up,
            broken ? "replica 10.10.1.12:6379 is wait_bgsave" : $"master, 1 replica(s), {clients} clients", stamp)
        {
            Facts =
            [
                new("Redis.Fact.Server", "10.10.1.11:6379"), new("Redis.Fact.Role", "master"),
                new("Redis.Fact.Replicas", broken ? "10.10.1.12:6379 wait_bgsave (lag 15 s)" : "10.10.1.12:6379 online (lag 0 s)"),
                new("Redis.Fact.Clients", clients + " (0 blocked)"), new("Redis.Fact.Memory", "412.7 MB of 4.0 GB (10 %)"),
                new("Redis.Fact.Evicted", "0"), new("Redis.Fact.Version", "7.0.15"),
            ],
        });
        _store.Services.Report(new ServiceHealth(RedisHealthCollector.ServiceName("run-control-replica"), RedisHealthCollector.Kind,
            broken ? ServiceState.Degraded : ServiceState.Up,
            broken ? "link to master 10.10.1.11:6379 is down" : "replica of 10.10.1.11:6379", stamp)
        {
            Facts =
            [
                new("Redis.Fact.Server", "10.10.1.12:6379"), new("Redis.Fact.Role", "replica"),
                new("Redis.Fact.Master", broken ? "10.10.1.11:6379 (down)" : "10.10.1.11:6379 (up)"),
                new("Redis.Fact.Clients", "2 (0 blocked)"), new("Redis.Fact.Memory", "411.9 MB of 4.0 GB (10 %)"),
                new("Redis.Fact.Evicted", "0"), new("Redis.Fact.Version", "7.0.15"),
            ],
        });
    }

    // A three-server ensemble in the collector's shape; server 3 restarts for 20 s of every 9 minutes (quorum kept).
    private void StepZooKeeper(DateTimeOffset now, long seconds)
    {
        var stamp = new SourceStamp(SourceName, now);
        var ensemble = ZooKeeperCollector.EnsembleName("sim");
        var restarting = seconds % 540 is >= 300 and < 320;
        for (var k = 1; k <= 3; k++)
        {
            var server = $"zk{k}:2181";
            var down = restarting && k == 3;
            var mode = k == 2 ? "leader" : "follower";
            KeyValuePair<string, string>[] facts = down ? [] :
            [
                new("Zk.Fact.Mode", mode), new("Zk.Fact.Latency", "0 / 4 ms"), new("Zk.Fact.Outstanding", "0"), new("Zk.Fact.Znodes", "1342"),
                new("Zk.Fact.Watches", "57"), new("Zk.Fact.Connections", (11 + k).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Zk.Fact.Version", "3.8.4"),
            ];
            _store.Services.Report(new ServiceHealth(ZooKeeperCollector.ServerName("sim", server), ZooKeeperCollector.Kind,
                down ? ServiceState.Down : ServiceState.Up, down ? "unreachable: Connection refused" : $"{mode}, 0 ms avg, 0 outstanding", stamp)
            {
                Parent = ensemble, Facts = facts,
            });
        }
        _store.Services.Report(new ServiceHealth(ensemble, ZooKeeperCollector.EnsembleKind, restarting ? ServiceState.Degraded : ServiceState.Up,
            restarting ? "quorum 2 of 3, leader zk2:2181" : "quorum 3 of 3, leader zk2:2181", stamp)
        {
            Facts = [new("Zk.Fact.Serving", restarting ? "2 / 3" : "3 / 3"), new("Zk.Fact.Leader", "zk2:2181")],
        });
    }

    private static double Gaussian(Random r)
    {
        // Box-Muller; one value per call is plenty at 43k values a second.
        var u1 = 1.0 - r.NextDouble();
        var u2 = r.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private sealed class SimDevice(string name, DeviceRole role, string address)
    {
        public string Name { get; } = name;
        public DeviceRole Role { get; } = role;
        public string Address { get; } = address;
        public List<SimPort> Ports { get; } = [];

        /// <summary>Reachability probes of a server over the last minutes; null for switches.</summary>
        public ReachabilityWindow? Probes { get; init; }
        public ReachabilityMethod Method { get; init; }

        public SimPort AddPort(string portName, long speed, string neighbour)
        {
            var p = new SimPort(portName, speed, neighbour);
            Ports.Add(p);
            return p;
        }
    }

    private sealed class SimPort(string name, long speed, string neighbour)
    {
        public string Name { get; } = name;
        public long Speed { get; } = speed;
        public string Neighbour { get; } = neighbour;
        public ulong InOctets { get; set; }
        public ulong OutOctets { get; set; }
        public ulong InErrors { get; set; }
    }
}
