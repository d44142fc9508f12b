using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>
/// Polls IF-MIB of every known switch each PollInterval, rediscovers the LLDP topology each DiscoveryInterval
/// (recursively from the configured switches), probes servers by TCP connect, and writes the whole network as one
/// snapshot with its alarm candidates. ICMP is not used: it needs raw sockets (root or CAP_NET_RAW), which the
/// console does not have.
/// </summary>
public sealed class NetworkCollector : CollectorService
{
    public const string SourceName = "snmp";

    private readonly NetworkOptions _options;
    private readonly ILogger<NetworkCollector> _logger;
    private readonly IReadOnlyList<IPNetwork> _discoverNetworks;
    private readonly ConcurrentDictionary<string, IfSample> _previous = new(StringComparer.Ordinal);
    private readonly MalformedLog _logLimit = new();
    private readonly Dictionary<IPEndPoint, long> _damagedSeen = [];
    private Dictionary<string, KnownSwitch> _switches;
    private IReadOnlyList<NetworkLink> _links = [];
    private DateTimeOffset _lastDiscovery = DateTimeOffset.MinValue;

    private readonly NetworkAlarmThresholds _thresholds;

    public NetworkCollector(LiveStore store, IOptions<NetworkOptions> options, ILogger<NetworkCollector> logger, NetworkAlarmThresholds? thresholds = null)
        : base(store, logger, "network", SourceName, options.Value.PollInterval)
    {
        _options = options.Value;
        _thresholds = thresholds ?? NetworkAlarmThresholds.Default;
        _logger = logger;
        _discoverNetworks = _options.ParsedDiscoverNetworks();
        _switches = _options.Switches.ToDictionary(s => s.Name, s => new KnownSwitch(s.Name, IPAddress.Parse(s.Address), s, s.Target(IPAddress.Parse(s.Address))), StringComparer.Ordinal);
    }

    /// <summary>Polls (and discovers when due) once per PollInterval until stopped.</summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = _options.Timeout, Retries = _options.Retries });
        using var timer = new PeriodicTimer(_options.PollInterval, Time);
        do
        {
            await CycleAsync(client, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One poll cycle: discovery when due, every switch's interfaces, server probes, one snapshot.</summary>
    public async Task CycleAsync(SnmpClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = Time.GetUtcNow();
        if (now - _lastDiscovery >= _options.DiscoveryInterval)
        {
            await DiscoverAsync(client, ct);
            _lastDiscovery = now;
        }
        var switches = _switches.Values.ToList();
        var polled = new ConcurrentDictionary<string, List<PortStatus>?>(StringComparer.Ordinal);
        var neighbourOf = NeighbourIndex(_links);
        await Parallel.ForEachAsync(switches, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = ct }, async (sw, token) =>
        {
            polled[sw.Name] = await PollAsync(client, sw, neighbourOf, token);
        });
        var reachability = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var metrics = new ConcurrentDictionary<string, NodeMetrics?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(_options.Servers, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = ct }, async (s, token) =>
        {
            reachability[s.Name] = await TcpReachability.ProbeAsync(IPAddress.Parse(s.Address), s.ReachabilityPort, _options.Timeout, token);
            if (s.Snmp is { } agent) metrics[s.Name] = await PollHostAsync(client, s, agent, token);
        });

        now = Time.GetUtcNow();
        var stamp = new SourceStamp(SourceName, now);
        var devices = new List<NetworkDevice>();
        foreach (var sw in switches.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var ports = polled.GetValueOrDefault(sw.Name);
            devices.Add(new NetworkDevice(sw.Name, sw.Options.Role, sw.Address.ToString(), ports is not null, ports ?? [], stamp) { Rack = sw.Options.Rack });
        }
        devices.AddRange(Servers(devices, reachability, metrics, stamp));
        var snapshot = NetworkAlarms.WithAlarms(new NetworkSnapshot(devices, _links), _thresholds);
        Store.Network.Replace(snapshot, stamp);
        Health.CountReceived(polled.Values.Sum(p => p?.Count ?? 0));
        var failed = polled.Count(p => p.Value is null);
        if (failed == switches.Count && switches.Count > 0) throw new SnmpException($"No switch answered ({failed} polled).");
        Health.Succeeded(now);
    }

    /// <summary>Servers: every device at the far end of a link that is not a polled switch, plus configured ones.</summary>
    private IEnumerable<NetworkDevice> Servers(List<NetworkDevice> switches, ConcurrentDictionary<string, bool> reachability, ConcurrentDictionary<string, NodeMetrics?> metrics, SourceStamp stamp)
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
            var probed = reachability.TryGetValue(name, out var reachable);
            // Without a probe, a server counts as seen while a link to it is up.
            if (!probed) reachable = ports.Any(p => p.State == LinkState.Up);
            var address = configured.TryGetValue(name, out var c) ? c.Address : null;
            yield return new NetworkDevice(name, DeviceRole.Server, address, reachable, ports, stamp) { Rack = c?.Rack, ReachabilityProbed = probed, Metrics = metrics.GetValueOrDefault(name) };
        }
    }

    private async Task<List<PortStatus>?> PollAsync(SnmpClient client, KnownSwitch sw, Dictionary<(string, string), (string, string)> neighbourOf, CancellationToken ct)
    {
        try
        {
            var upTimeTask = client.GetAsync(sw.Target, IfMib.SysUpTime, ct);
            var walks = IfMib.Columns.Select(c => WalkAllAsync(client, sw.Target, c, ct)).ToList();
            await Task.WhenAll(walks);
            var upTime = await upTimeTask;
            var malformed = 0;
            var rows = IfMibParser.Parse(walks.SelectMany(w => w.Result), ref malformed);
            if (malformed > 0) CountMalformed(sw.Name, malformed, "values");
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
}

/// <summary>Reachability by TCP connect: an answer of any kind, including a refusal, means the host is up.</summary>
public static class TcpReachability
{
    public static async Task<bool> ProbeAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address, port, deadline.Token);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
