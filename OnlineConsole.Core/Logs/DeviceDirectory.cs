using OnlineConsole.Core.Network;

namespace OnlineConsole.Core.Logs;

/// <summary>
/// Finds the known switch or server a log line is about (one instance per reading thread), by the sender's address or the hostname it gave
/// (case-insensitive, with or without the domain). Rebuilt only when the network snapshot is replaced.
/// </summary>
public sealed class DeviceDirectory(INetworkView network)
{
    private NetworkSnapshot? _built;
    private Dictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, string> _byAddress = new(StringComparer.Ordinal);

    /// <summary>The device's name, or null when neither the address nor the hostname is known.</summary>
    public string? Match(string? address, string? hostname)
    {
        var snapshot = network.Snapshot;
        if (!ReferenceEquals(snapshot, _built)) Build(snapshot);
        if (address is not null && _byAddress.TryGetValue(address, out var byAddress)) return byAddress;
        if (string.IsNullOrEmpty(hostname)) return null;
        if (_byName.TryGetValue(hostname, out var byName)) return byName;
        var dot = hostname.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && _byName.TryGetValue(hostname[..dot], out var shortName)) return shortName;
        return _byAddress.GetValueOrDefault(hostname);
    }

    private void Build(NetworkSnapshot snapshot)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byAddress = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in snapshot.Devices)
        {
            byName.TryAdd(d.Name, d.Name);
            if (!string.IsNullOrEmpty(d.Address)) byAddress.TryAdd(d.Address, d.Name);
        }
        (_byName, _byAddress, _built) = (byName, byAddress, snapshot);
    }
}
