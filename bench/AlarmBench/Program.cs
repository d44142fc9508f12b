using System.Diagnostics;
using System.Globalization;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Run;

// Three measurements of the alarm engine, each printed as one Markdown table row.
var geometry = new DetectorGeometry(GeometryGenerator.Generate());
var run = new RunStatus(1, RunState.Running, "physics", DateTimeOffset.UtcNow, null, null);
Console.WriteLine($"channels: {geometry.Count:N0}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");

RuleEvaluation(geometry, run, changesPerFrame: 10, pool: 500, frames: 2000);
RuleEvaluation(geometry, run, changesPerFrame: 1000, pool: 20_000, frames: 500);
Flood(geometry, run);
LargeList(run, 10_000);

// Per frame: copy the statuses, find the changes (DcrAlarmRules), apply them (AlarmArea.Submit), as AlarmEvaluator does.
static void RuleEvaluation(DetectorGeometry geometry, RunStatus run, int changesPerFrame, int pool, int frames)
{
    // No on-delay: frames here come back to back, and every change should become an alarm (the worst case).
    var options = new AlarmOptions();
    options.Rules[BuiltInRules.DcrChannel].OnDelay = TimeSpan.Zero;
    options.Rules[BuiltInRules.DcrGcu].OnDelay = TimeSpan.Zero;
    var area = new AlarmArea(new ChangeHub(TimeProvider.System, new StoreOptions()), TimeProvider.System, options, () => run);
    var rules = new DcrAlarmRules(geometry);
    var status = Enumerable.Repeat(ChannelStatus.Ok, geometry.Count).ToArray();
    var rng = new Random(1);
    var times = new List<double>(frames);
    for (var f = 0; f < frames + 50; f++)
    {
        // Some channels of a pool change state each frame (dead, hot, back), as on a real detector; the rest stay.
        for (var c = 0; c < changesPerFrame; c++)
        {
            var i = rng.Next(pool) * (geometry.Count / pool);
            status[i] = status[i] == ChannelStatus.Ok ? (rng.Next(2) == 0 ? ChannelStatus.Dead : ChannelStatus.Hot) : ChannelStatus.Ok;
        }
        var copy = new ChannelStatus[geometry.Count];
        var sw = Stopwatch.StartNew();
        status.AsSpan().CopyTo(copy);
        var signals = rules.Evaluate(copy);
        if (signals.Count > 0) area.Submit(signals);
        sw.Stop();
        if (f >= 50) times.Add(sw.Elapsed.TotalMilliseconds);
        if (f % 100 == 0) area.Tick();
    }
    times.Sort();
    Console.WriteLine(Invariant($"| rule evaluation, {changesPerFrame} channel changes per frame among {pool:N0} ({frames} frames, {area.Snapshot().Counts.Active:N0} active) | median {Pct(times, 50):0.000} ms | p99 {Pct(times, 99):0.000} ms | max {times[^1]:0.000} ms |"));
}

// One core switch with 7 edge switches and 100 servers behind it, 4,000 channels read through those servers.
static void Flood(DetectorGeometry geometry, RunStatus run)
{
    var stamp = new SourceStamp("bench", DateTimeOffset.UtcNow);
    var devices = new List<NetworkDevice>();
    var links = new List<NetworkLink>();
    var corePorts = new List<PortStatus>();
    var gcuServers = new Dictionary<int, string>();
    var gcus = geometry.Channels.Select(c => c.Gcu).Distinct().ToList();
    for (var e = 0; e < 7; e++)
    {
        var edge = $"edge{e + 1:00}";
        corePorts.Add(new PortStatus(e + 1, $"Eth1/{e + 1}", LinkState.Down, 100_000_000_000L, 0, 0, 0, 0, edge));
        links.Add(new NetworkLink("core01", $"Eth1/{e + 1}", edge, "uplink1"));
        var edgePorts = new List<PortStatus> { new(1, "uplink1", LinkState.Down, 100_000_000_000L, 0, 0, 0, 0, "core01") };
        for (var p = 0; p < 15 && (e * 15) + p < 100; p++)
        {
            var server = $"hd{(e * 15) + p + 1:000}";
            edgePorts.Add(new PortStatus(p + 2, $"Eth1/{p + 1}", LinkState.Down, 25_000_000_000L, 0, 0, 0, 0, server));
            links.Add(new NetworkLink(edge, $"Eth1/{p + 1}", server, "eth0"));
            devices.Add(new NetworkDevice(server, DeviceRole.Server, "10.0.2.1", false, [new PortStatus(1, "eth0", LinkState.Down, 25_000_000_000L, 0, 0, 0, 0, edge)], stamp));
        }
        devices.Add(new NetworkDevice(edge, DeviceRole.EdgeSwitch, "10.0.1.1", false, edgePorts, stamp));
    }
    devices.Add(new NetworkDevice("core01", DeviceRole.CoreSwitch, "10.0.0.1", false, corePorts, stamp));
    // 4,000 channels: the first GCUs, spread over the 100 servers.
    var channels = geometry.Channels.Take(4000).ToList();
    foreach (var (g, i) in channels.Select(c => c.Gcu).Distinct().Select((g, i) => (g, i))) gcuServers[g] = $"hd{(i % 100) + 1:000}";
    var network = NetworkAlarms.WithAlarms(new NetworkSnapshot(devices, links), NetworkAlarmThresholds.Default);

    var time = TimeProvider.System;
    var options = new AlarmOptions { NotifyHold = TimeSpan.Zero };
    var area = new AlarmArea(new ChangeHub(time, new StoreOptions()), time, options, () => run);
    var sw = Stopwatch.StartNew();
    area.SetDependencies(DependencyBuilder.Build(network, geometry, gcuServers));
    var build = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    // The channels first (their data stops), then the network: the worst order for grouping.
    area.Submit([.. channels.Select(c => new AlarmSignal(DcrAlarmRules.ChannelKey(c.Id), true, AlarmSeverity.Major, "dead") { Source = "bench", Subject = DcrAlarmRules.ChannelSubject(c.Id) })]);
    area.Submit(new NetworkAlarmRules().Evaluate(network));
    var apply = sw.Elapsed.TotalMilliseconds;
    area.Tick();
    var notices = 0;
    while (area.Notices.TryRead(out _)) notices++;
    var snapshot = area.Snapshot();
    var roots = snapshot.Alarms.Where(a => a.SuppressedBy is null).ToList();
    Console.WriteLine(Invariant($"| flood: core switch down, 7 edge switches, 100 servers, 4,000 channels | {snapshot.Alarms.Count:N0} alarms, {roots.Count} root cause(s) ({string.Join(", ", roots.Select(r => r.Key + " affecting " + r.Affected))}) | {notices} notified | graph {build:0} ms, apply {apply:0} ms |"));
}

// 10,000 active alarms: how long one change takes to reach a new snapshot (what the list page reads).
static void LargeList(RunStatus run, int n)
{
    var time = TimeProvider.System;
    var area = new AlarmArea(new ChangeHub(time, new StoreOptions()), time, new AlarmOptions(), () => run);
    area.Submit([.. Enumerable.Range(0, n).Select(i => new AlarmSignal("bench/" + i.ToString(CultureInfo.InvariantCulture), true, (AlarmSeverity)((i % 4) + 1), "alarm " + i) { Source = "bench" })]);
    var times = new List<double>();
    for (var i = 0; i < 200; i++)
    {
        var sw = Stopwatch.StartNew();
        area.Submit([new AlarmSignal("bench/x" + i.ToString(CultureInfo.InvariantCulture), true, AlarmSeverity.Major, "one more") { Source = "bench" }]);
        _ = area.Snapshot();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine(Invariant($"| one new alarm beside {n:N0} active: new snapshot | median {Pct(times, 50):0.00} ms | p99 {Pct(times, 99):0.00} ms | |"));
}

static double Pct(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
