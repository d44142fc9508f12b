using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>
/// Polls IF-MIB of every known switch, each on its own schedule of PollInterval, so one switch that times out
/// stretches only its own interval; rediscovers the LLDP topology each DiscoveryInterval (recursively from the
/// configured switches); probes servers by ICMP echo, TCP connect or ARP, each on its own schedule too. After any
/// of them has news, the whole network is written as one snapshot with its alarm candidates (at most a few times a second).
/// </summary>
public sealed class NetworkCollector : CollectorService
{
    public const string SourceName = "snmp";

    // Devices are polled once among replicas; the others get the snapshot over the replica bus.
    protected override bool HolderOnly => true;

    // Snapshots are written at most this often: with 170 switches at 10 s, 17 polls end every second and each
    // snapshot copies the whole network; a quarter second keeps the map as fresh as the eye can follow.
    private static readonly TimeSpan PublishSpacing = TimeSpan.FromMilliseconds(250);

    private readonly NetworkOptions _options;
    private readonly ILogger<NetworkCollector> _logger;
    private readonly IReadOnlyList<IPNetwork> _discoverNetworks;
    private readonly PortVisibility _visibility;
    private readonly ConcurrentDictionary<string, IfSample> _previous = new(StringComparer.Ordinal);
    private readonly MalformedLog _logLimit = new();
    private readonly Dictionary<IPEndPoint, long> _damagedSeen = [];
    private readonly ConcurrentDictionary<string, List<PortStatus>?> _switchState = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServerState> _serverState = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReachabilityWindow> _reachability = new(StringComparer.Ordinal);
    private readonly Lock _publishGate = new();
    private volatile Dictionary<string, KnownSwitch> _switches;
    private volatile IReadOnlyList<NetworkLink> _links = [];
    private volatile Dictionary<(string, string), (string, string)> _neighbourOf = [];
    private DateTimeOffset _lastDiscovery = DateTimeOffset.MinValue;

    private readonly NetworkAlarmThresholds _thresholds;

    public NetworkCollector(LiveStore store, IOptions<NetworkOptions> options, ILogger<NetworkCollector> logger, NetworkAlarmThresholds? thresholds = null)
        : base(store, logger, "network", SourceName, options.Value.PollInterval)
    {
        _options = options.Value;
        _thresholds = thresholds ?? NetworkAlarmThresholds.Default;
        _logger = logger;
        _discoverNetworks = _options.ParsedDiscoverNetworks();
        _visibility = PortVisibility.From(_options);
        _switches = _options.Switches.ToDictionary(s => s.Name, s => new KnownSwitch(s.Name, IPAddress.Parse(s.Address), s, s.Target(IPAddress.Parse(s.Address))), StringComparer.Ordinal);
    }

    /// <summary>
    /// Every switch and server polled in its own loop (at most Parallelism at once); discovery each DiscoveryInterval
    /// starts loops for switches it found and stops those of switches it lost.
    /// </summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = _options.Timeout, Retries = _options.Retries });
        using var gate = new SemaphoreSlim(_options.Parallelism);
        using var news = new SemaphoreSlim(0, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        void Changed()
        {
            if (news.CurrentCount == 0)
            {
                try
                {
                    news.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another poll signalled first: one snapshot covers both.
                }
            }
        }
        var loops = new Dictionary<string, (KnownSwitch Switch, CancellationTokenSource Stop, Task Loop)>(StringComparer.Ordinal);
        var serverLoops = _options.Servers.Select(s => ScheduleAsync(gate, Changed, ct => ProbeServerAsync(client, s, ct), stop.Token)).ToList();
        var publisher = PublishLoopAsync(news, stop.Token);
        void Sync()
        {
            var current = _switches;
            foreach (var (name, loop) in loops.Where(l => !current.TryGetValue(l.Key, out var sw) || !ReferenceEquals(sw, l.Value.Switch)).ToList())
            {
                loop.Stop.Cancel();
                loops.Remove(name);
                _switchState.TryRemove(name, out _);
            }
            foreach (var sw in current.Values.Where(sw => !loops.ContainsKey(sw.Name)))
            {
                var own = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                loops[sw.Name] = (sw, own, ScheduleAsync(gate, Changed, ct => PollSwitchAsync(client, sw, ct), own.Token));
            }
        }
        try
        {
            // The configured switches are polled from the start, while the first discovery runs.
            Sync();
            using var timer = new PeriodicTimer(_options.DiscoveryInterval, Time);
            do
            {
                await DiscoverAsync(client, stop.Token);
                _lastDiscovery = Time.GetUtcNow();
                Sync();
                Changed();
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        finally
        {
            await stop.CancelAsync();
            var all = loops.Values.Select(l => l.Loop).Concat(serverLoops).Append(publisher).ToArray();
            await Task.WhenAll(all).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var l in loops.Values) l.Stop.Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="poll"/> every PollInterval from the time it started, until cancelled. A poll that overran
    /// its slot (a device timing out with retries) skips the slots it missed rather than polling back to back.
    /// </summary>
    private async Task ScheduleAsync(SemaphoreSlim gate, Action changed, Func<CancellationToken, Task> poll, CancellationToken ct)
    {
        var interval = _options.PollInterval;
        try
        {
            while (true)
            {
                await gate.WaitAsync(ct);
                var started = Time.GetUtcNow();
                try
                {
                    await poll(ct);
                }
                finally
                {
                    gate.Release();
                }
                changed();
                var now = Time.GetUtcNow();
                var next = started + interval;
                if (next <= now) next = started + (interval * Math.Ceiling((now - started) / interval));
                await Task.Delay(next - now, Time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped: the switch left the network or the collector stops.
        }
    }

    /// <summary>Writes a snapshot after news, at most once per <see cref="PublishSpacing"/>.</summary>
    private async Task PublishLoopAsync(SemaphoreSlim news, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await news.WaitAsync(ct);
                Publish(throwWhenNoneAnswered: false);
                await Task.Delay(PublishSpacing, Time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The collector stops.
        }
    }

    /// <summary>One poll round (for tests and tools): discovery when due, every switch and server once, one snapshot.</summary>
    public async Task CycleAsync(SnmpClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = Time.GetUtcNow();
        if (now - _lastDiscovery >= _options.DiscoveryInterval)
        {
            await DiscoverAsync(client, ct);
            _lastDiscovery = now;
        }
        foreach (var gone in _switchState.Keys.Except(_switches.Keys, StringComparer.Ordinal)) _switchState.TryRemove(gone, out _);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(_switches.Values, options, async (sw, token) => await PollSwitchAsync(client, sw, token));
        await Parallel.ForEachAsync(_options.Servers, options, async (s, token) => await ProbeServerAsync(client, s, token));
        Publish(throwWhenNoneAnswered: true);
    }

    /// <summary>The network as last polled, device by device, written to the store; health from the switches' answers.</summary>
    private void Publish(bool throwWhenNoneAnswered)
    {
        lock (_publishGate)
        {
            var now = Time.GetUtcNow();
            var stamp = new SourceStamp(SourceName, now);
            var switches = _switches;
            var devices = new List<NetworkDevice>();
            foreach (var sw in switches.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                // A switch found by discovery and not polled yet is shown as seen, without ports, until its first poll.
                var polled = _switchState.TryGetValue(sw.Name, out var ports);
                devices.Add(new NetworkDevice(sw.Name, sw.Options.Role, sw.Address.ToString(), !polled || ports is not null, ports ?? [], stamp)
                {
                    Rack = sw.Options.Rack,
                    ReachabilityProbed = polled,
                });
            }
            devices.AddRange(Servers(devices, stamp));
            var snapshot = NetworkAlarms.WithAlarms(new NetworkSnapshot(devices, _links), _thresholds);
            Store.Network.Replace(snapshot, stamp);
            var answered = switches.Keys.Count(n => _switchState.TryGetValue(n, out var p) && p is not null);
            var failed = switches.Keys.Count(n => _switchState.TryGetValue(n, out var p) && p is null);
            if (failed > 0 && answered == 0)
            {
                var error = $"No switch answered ({failed.ToString(System.Globalization.CultureInfo.InvariantCulture)} polled).";
                if (throwWhenNoneAnswered) throw new SnmpException(error);
                Health.Failed(now, error);
            }
            else
            {
                Health.Succeeded(now);
            }
        }
    }

    /// <summary>Servers: every device at the far end of a link that is not a polled switch, plus configured ones.</summary>
    private IEnumerable<NetworkDevice> Servers(List<NetworkDevice> switches, SourceStamp stamp)
    {
        var names = switches.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var configured = _options.Servers.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var portState = switches.SelectMany(d => d.Ports.Select(p => (Key: (d.Name, p.Name), p.State))).ToDictionary(x => x.Key, x => x.State);
        var found = new SortedDictionary<string, List<PortStatus>>(StringComparer.Ordinal);
        foreach (var l in _links)
        {
            foreach (var (dev, port, other, otherPort) in new[] { (l.DeviceA, l.PortA, l.DeviceB, l.PortB), (l.DeviceB, l.PortB, l.DeviceA, l.PortA) })
            {
                if (names.Contains(dev)) continue;
                if (!found.TryGetValue(dev, out var ports)) found[dev] = ports = [];
                // A server's NIC is not polled: its state is that of the switch port it is plugged into.
                var state = portState.GetValueOrDefault((other, otherPort), LinkState.Unknown);
                ports.Add(new PortStatus(ports.Count + 1, port, state, 0, 0, 0, 0, 0, other) { RatesKnown = false, NeighbourPort = otherPort });
            }
        }
        foreach (var s in _options.Servers) found.TryAdd(s.Name, []);
        foreach (var (name, ports) in found)
        {
            var probed = _serverState.TryGetValue(name, out var state);
            // Without a probe (or before the first), a server counts as seen while a link to it is up.
            var reachable = probed ? state!.Reachable : ports.Any(p => p.State == LinkState.Up);
            var address = configured.TryGetValue(name, out var c) ? c.Address : null;
            yield return new NetworkDevice(name, DeviceRole.Server, address, reachable, ports, stamp) { Rack = c?.Rack, ReachabilityProbed = probed, Metrics = state?.Metrics, Reachability = state?.Reachability };
        }
    }

    /// <summary>Polls one switch and keeps its ports (null when it did not answer) for the next snapshot.</summary>
    private async Task PollSwitchAsync(SnmpClient client, KnownSwitch sw, CancellationToken ct)
    {
        var started = Time.GetTimestamp();
        var ports = await PollAsync(client, sw, ct);
        // For bench/snmp-poll.sh, which reads each switch's interval from these lines.
        if (_logger.IsEnabled(LogLevel.Debug))
            _logger.LogDebug("Polled {Switch} in {Ms:0} ms: {Ports}", sw.Name, Time.GetElapsedTime(started).TotalMilliseconds, ports is null ? "failed" : ports.Count + " ports");
        // Discovery may have dropped the switch meanwhile.
        if (_switches.ContainsKey(sw.Name)) _switchState[sw.Name] = ports;
        Health.CountReceived(ports?.Count ?? 0);
    }

    /// <summary>Reachability (and host metrics, with an agent) of one server, kept for the next snapshot.</summary>
    private async Task ProbeServerAsync(SnmpClient client, NetworkServerOptions s, CancellationToken ct)
    {
        var address = IPAddress.Parse(s.Address);
        TimeSpan? rtt;
        string? via = null;
        if (s.Reachability == ReachabilityMethod.Tcp)
            rtt = await TcpReachability.MeasureAsync(address, s.ReachabilityPort, _options.Timeout, ct);
        else if (s.Reachability == ReachabilityMethod.Arp)
            (rtt, via) = await ArpProbeAsync(s, address, ct);
        else
        {
            try
            {
                rtt = await IcmpReachability.ProbeAsync(address, _options.Timeout, ct);
            }
            catch (PingException e)
            {
                // Neither a raw nor an unprivileged ICMP socket: say so once, the server counts as not answering.
                LogOnce("icmp " + s.Name, "ICMP echo to server {Server} at {Address} not possible: {Error} (run as root, allow net.ipv4.ping_group_range, or set Reachability to Tcp)",
                    s.Name, s.Address, e.InnerException?.Message ?? e.Message);
                rtt = null;
            }
        }
        var window = _reachability.GetOrAdd(s.Name, _ => new ReachabilityWindow(_options.ReachabilityWindow));
        var stats = window.Add(s.Reachability, Time.GetUtcNow(), rtt?.TotalMilliseconds, s.ReachabilityPort) with { Interface = via };
        var metrics = s.Snmp is { } agent ? await PollHostAsync(client, s, agent, ct) : null;
        _serverState[s.Name] = new ServerState(rtt is not null, metrics, stats);
    }

    /// <summary>
    /// One ARP probe, on the interface looked up each time (start-up validation found one; an address removed since
    /// loses the server, loudly). Bad replies are counted against the server like damaged SNMP replies.
    /// </summary>
    private async Task<(TimeSpan? Rtt, string? Interface)> ArpProbeAsync(NetworkServerOptions s, IPAddress address, CancellationToken ct)
    {
        if (ArpInterface.For(address, ArpInterface.All()) is not { } on)
        {
            LogOnce("arp " + s.Name, "ARP to server {Server} at {Address} not possible: no interface of this host is directly attached to its network any more", s.Name, s.Address);
            return (null, null);
        }
        try
        {
            var (rtt, malformed) = await ArpReachability.ProbeAsync(on, address, _options.Timeout, ct);
            if (malformed > 0) CountMalformed(s.Name, malformed, "ARP replies");
            return (rtt, on.Name);
        }
        catch (SocketException e)
        {
            LogOnce("arp " + s.Name, "ARP to server {Server} at {Address} on {Interface} not possible: {Error} (needs root or CAP_NET_RAW, or set Reachability to Icmp or Tcp)",
                s.Name, s.Address, on.Name, e.Message);
            return (null, on.Name);
        }
    }

    private async Task<List<PortStatus>?> PollAsync(SnmpClient client, KnownSwitch sw, CancellationToken ct)
    {
        var neighbourOf = _neighbourOf;
        try
        {
            var upTimeTask = client.GetAsync(sw.Target, IfMib.SysUpTime, ct);
            var walks = IfMib.Columns.Select(c => WalkAllAsync(client, sw.Target, c, ct)).ToList();
            await Task.WhenAll(walks);
            var upTime = await upTimeTask;
            var malformed = 0;
            var rows = IfMibParser.Parse(walks.SelectMany(w => w.Result), ref malformed);
            if (malformed > 0) CountMalformed(sw.Name, malformed, "values");
            // Software interfaces (loopback, bridges, management, VLANs) are no ports: left out before anything counts them.
            foreach (var hidden in rows.Values.Where(r => !_visibility.Shows(r)).Select(r => r.Index).ToList()) rows.Remove(hidden);
            var sample = new IfSample(Time.GetUtcNow(), upTime.Type == SnmpType.TimeTicks ? upTime.AsTimeSpan() : null, rows);
            _previous.TryGetValue(sw.Name, out var previous);
            _previous[sw.Name] = sample;
            return IfMibRates.Compute(previous, sample, row => neighbourOf.TryGetValue((sw.Name, row.DisplayName), out var n) ? n : (null, null));
        }
        catch (SnmpMalformedReplyException e)
        {
            LogOnce("malformed " + sw.Name, "Switch {Switch} at {Address} sent a malformed reply: {Error}", sw.Name, sw.Address, e.Message);
            return null;
        }
        catch (Exception e) when (e is SnmpException or SocketException)
        {
            LogOnce(sw.Name, "Switch {Switch} at {Address} did not answer: {Error}", sw.Name, sw.Address, e.Message);
            return null;
        }
        finally
        {
            CountDamaged(client, sw.Name, sw.Target.EndPoint);
        }
    }

    /// <summary>CPU, memory and uptime of a server with an SNMP agent; null (unknown) when it does not answer.</summary>
    private async Task<NodeMetrics?> PollHostAsync(SnmpClient client, NetworkServerOptions server, SnmpAgentOptions agent, CancellationToken ct)
    {
        try
        {
            return await HostResourcesMib.PollAsync(client, agent.Target(IPAddress.Parse(server.Address)), ct);
        }
        catch (SnmpMalformedReplyException e)
        {
            LogOnce("malformed " + server.Name + " host", "Server {Server} at {Address} sent a malformed reply to HOST-RESOURCES-MIB: {Error}", server.Name, server.Address, e.Message);
            return null;
        }
        catch (Exception e) when (e is SnmpException or SocketException)
        {
            LogOnce(server.Name + " host", "Server {Server} at {Address}: HOST-RESOURCES-MIB not read: {Error}", server.Name, server.Address, e.Message);
            return null;
        }
        finally
        {
            CountDamaged(client, server.Name, new IPEndPoint(IPAddress.Parse(server.Address), agent.Port));
        }
    }

    /// <summary>LLDP from every known switch; neighbours that are bridges inside DiscoverNetworks are added and walked in turn.</summary>
    private async Task DiscoverAsync(SnmpClient client, CancellationToken ct)
    {
        var known = new Dictionary<string, KnownSwitch>(_options.Switches.Count, StringComparer.Ordinal);
        foreach (var s in _options.Switches) known[s.Name] = _switches[s.Name];
        // LLDP names a neighbour by its address only: where several agents share one address (a switch stack, or
        // agents on different ports of one host), the first configured one carries the name.
        var byAddress = new Dictionary<IPAddress, string>();
        foreach (var k in known.Values) byAddress.TryAdd(k.Address, k.Name);
        var seen = new List<(string, IReadOnlyList<LldpNeighbour>)>();
        var frontier = known.Values.ToList();
        while (frontier.Count > 0)
        {
            var results = new ConcurrentBag<(KnownSwitch Switch, List<LldpNeighbour>? Neighbours)>();
            await Parallel.ForEachAsync(frontier, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = ct }, async (sw, token) =>
                results.Add((sw, await WalkLldpAsync(client, sw, token))));
            frontier = [];
            foreach (var (sw, neighbours) in results.OrderBy(r => r.Switch.Name, StringComparer.Ordinal))
            {
                if (neighbours is null) continue;
                // A neighbour known by its management address carries the name it was configured or first found under.
                var named = neighbours.Select(n => n.ManagementAddress is { } a && byAddress.TryGetValue(a, out var name) ? n with { RemoteName = name } : n).ToList();
                seen.Add((sw.Name, named));
                foreach (var n in named)
                {
                    if (!n.IsBridge || n.ManagementAddress is not { } address || known.ContainsKey(n.RemoteName) || byAddress.ContainsKey(address)) continue;
                    if (!_discoverNetworks.Any(net => net.Contains(address))) continue;
                    if (known.Count >= _options.MaxSwitches)
                    {
                        LogOnce("max-switches", "Discovery stopped at Network:MaxSwitches ({Max}); {Name} at {Address} not added", _options.MaxSwitches, n.RemoteName, address);
                        continue;
                    }
                    var added = _switches.TryGetValue(n.RemoteName, out var existing) && existing.Address.Equals(address)
                        ? existing
                        : new KnownSwitch(n.RemoteName, address, sw.Options, sw.Options.Target(address));
                    known[added.Name] = added;
                    byAddress[address] = added.Name;
                    frontier.Add(added);
                }
            }
        }
        var staticLinks = _options.StaticLinks.Select(l => new NetworkLink(l.DeviceA, l.PortA, l.DeviceB, l.PortB));
        // Links of switches that did not answer this time are remembered too, so a switch outage does not empty the map.
        _links = LinkMerger.Merge(seen, staticLinks, _links, Time.GetUtcNow(), _options.ForgetLinksAfter);
        _neighbourOf = NeighbourIndex(_links);
        foreach (var gone in _switches.Keys.Except(known.Keys, StringComparer.Ordinal)) _previous.TryRemove(gone, out _);
        _switches = known;
    }

    private async Task<List<LldpNeighbour>?> WalkLldpAsync(SnmpClient client, KnownSwitch sw, CancellationToken ct)
    {
        try
        {
            var walks = LldpMib.Columns.Select(c => WalkAllAsync(client, sw.Target, c, ct)).ToList();
            await Task.WhenAll(walks);
            var malformed = 0;
            var neighbours = LldpParser.Parse(walks.SelectMany(w => w.Result), ref malformed);
            if (malformed > 0) CountMalformed(sw.Name, malformed, "LLDP values");
            return neighbours;
        }
        catch (SnmpMalformedReplyException e)
        {
            LogOnce("malformed " + sw.Name + " lldp", "LLDP walk of {Switch} at {Address}: malformed reply: {Error}", sw.Name, sw.Address, e.Message);
            return null;
        }
        catch (Exception e) when (e is SnmpException or SocketException)
        {
            LogOnce(sw.Name + " lldp", "LLDP walk of {Switch} at {Address} failed: {Error}", sw.Name, sw.Address, e.Message);
            return null;
        }
        finally
        {
            CountDamaged(client, sw.Name, sw.Target.EndPoint);
        }
    }

    private static async Task<List<VarBind>> WalkAllAsync(SnmpClient client, SnmpTarget target, Oid root, CancellationToken ct)
    {
        var list = new List<VarBind>();
        await foreach (var vb in client.WalkAsync(target, root, ct)) list.Add(vb);
        return list;
    }

    private static Dictionary<(string, string), (string, string)> NeighbourIndex(IReadOnlyList<NetworkLink> links)
    {
        var map = new Dictionary<(string, string), (string, string)>();
        foreach (var l in links)
        {
            map.TryAdd((l.DeviceA, l.PortA), (l.DeviceB, l.PortB));
            map.TryAdd((l.DeviceB, l.PortB), (l.DeviceA, l.PortA));
        }
        return map;
    }

    private void CountMalformed(string device, long count, string what)
    {
        Health.CountMalformed(device, count);
        LogOnce("malformed " + what + " " + device, "{Count} malformed {What} from {Device}", count, what, device);
    }

    /// <summary>Damaged datagrams the client dropped from this agent since last looked, counted for the device.</summary>
    private void CountDamaged(SnmpClient client, string device, IPEndPoint agent)
    {
        long fresh;
        lock (_damagedSeen)
        {
            var total = client.DamagedFrom(agent);
            fresh = total - _damagedSeen.GetValueOrDefault(agent);
            _damagedSeen[agent] = total;
        }
        if (fresh > 0) Health.CountMalformed(device, fresh);
    }

    // At most once per key per minute, so a broken agent cannot flood the log.
#pragma warning disable CA2254 // The templates are constants at every call site.
    private void LogOnce(string key, string template, params object?[] args)
    {
        if (_logLimit.ShouldLog(key, Time.GetUtcNow())) _logger.LogWarning(template, args);
    }
#pragma warning restore CA2254

    private sealed record KnownSwitch(string Name, IPAddress Address, NetworkSwitchOptions Options, SnmpTarget Target);

    private sealed record ServerState(bool Reachable, NodeMetrics? Metrics, ReachabilityStats Reachability);
}
