using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>
/// What hangs from what: a server from the switches it is cabled to, an edge switch from its core switches, a port
/// from its own switch and from the device it faces further from the core, a GCU from the DAQ server that reads it
/// (Alarms:GcuServers), a channel from its GCU. So a dead edge switch is the one cause of its core ports going down,
/// its servers being cut off and their channels; a cut cable is explained by the server it cut off.
/// </summary>
public static class DependencyBuilder
{
    public static AlarmDependencies Build(NetworkSnapshot network, DetectorGeometry geometry, IReadOnlyDictionary<int, string> gcuServers)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(gcuServers);
        var parents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string child, string parent)
        {
            if (!parents.TryGetValue(child, out var list)) parents[child] = list = [];
            if (!list.Contains(parent)) list.Add(parent);
        }
        var roles = network.Devices.ToDictionary(d => d.Name, d => d.Role, StringComparer.Ordinal);
        foreach (var d in network.Devices)
            foreach (var p in d.Ports)
                Add(NetworkAlarmRules.PortSubject(d.Name, p.Name), NetworkAlarmRules.DeviceSubject(d.Name));
        foreach (var l in network.Links)
        {
            if (!roles.TryGetValue(l.DeviceA, out var ra) || !roles.TryGetValue(l.DeviceB, out var rb) || ra == rb) continue;
            // The device further from the core hangs from the nearer one; the nearer one's port facing it, from it.
            var (child, parentDevice, parentPort) = Rank(ra) > Rank(rb) ? (l.DeviceA, l.DeviceB, l.PortB) : (l.DeviceB, l.DeviceA, l.PortA);
            Add(NetworkAlarmRules.DeviceSubject(child), NetworkAlarmRules.DeviceSubject(parentDevice));
            Add(NetworkAlarmRules.PortSubject(parentDevice, parentPort), NetworkAlarmRules.DeviceSubject(child));
        }
        var gcus = new HashSet<int>();
        foreach (var c in geometry.Channels)
        {
            Add(DcrAlarmRules.ChannelSubject(c.Id), DcrAlarmRules.GcuSubject(c.Gcu));
            gcus.Add(c.Gcu);
        }
        foreach (var g in gcus)
            if (gcuServers.TryGetValue(g, out var server)) Add(DcrAlarmRules.GcuSubject(g), NetworkAlarmRules.DeviceSubject(server));
        return new AlarmDependencies(parents.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal));
    }

    private static int Rank(DeviceRole role) => role switch
    {
        DeviceRole.CoreSwitch => 0,
        DeviceRole.EdgeSwitch => 1,
        _ => 2,
    };
}
