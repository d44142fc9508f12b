using System.Globalization;

namespace OnlineConsole.Core.Network;

public enum NetworkAlarmKind
{
    LinkDown,
    Errors,
    Utilization,
    Unreachable,
}

/// <summary>
/// A condition the alarm system should raise. <see cref="Label"/> is short enough for a graph ("hd086 error!"),
/// <see cref="Detail"/> says what was measured.
/// </summary>
public sealed record NetworkAlarmCandidate(NetworkAlarmKind Kind, string Device, string? Port, string Label, string Detail);

/// <summary>When ports and devices count as in alarm.</summary>
public sealed record NetworkAlarmThresholds(double Utilization, double ErrorsPerSecond)
{
    public static NetworkAlarmThresholds Default { get; } = new(0.9, 1.0);
}

public static class NetworkAlarms
{
    /// <summary>The snapshot with its alarm candidates filled in.</summary>
    public static NetworkSnapshot WithAlarms(NetworkSnapshot snapshot, NetworkAlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot with { Alarms = Evaluate(snapshot, thresholds) };
    }

    public static IReadOnlyList<NetworkAlarmCandidate> Evaluate(NetworkSnapshot snapshot, NetworkAlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(thresholds);
        var servers = snapshot.Devices.Where(d => d.Role == DeviceRole.Server).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<NetworkAlarmCandidate>();
        foreach (var d in snapshot.Devices)
        {
            if (d.ReachabilityProbed && !d.Reachable)
                result.Add(new(NetworkAlarmKind.Unreachable, d.Name, null, d.Name + " unreachable!", d.Address is null ? "not reachable" : "not reachable at " + d.Address));
            foreach (var p in d.Ports)
            {
                // A port towards a server is named after the server: that is what the shifter looks for.
                var who = p.Neighbour is { } n && servers.Contains(n) && d.Role != DeviceRole.Server ? n : d.Name + ":" + p.Name;
                if (p.State == LinkState.Down && p.AdminUp)
                    result.Add(new(NetworkAlarmKind.LinkDown, d.Name, p.Name, who + " down!", Invariant($"{d.Name} {p.Name} link down")));
                if (p.RatesKnown && p.ErrorsPerSecond >= thresholds.ErrorsPerSecond)
                    result.Add(new(NetworkAlarmKind.Errors, d.Name, p.Name, who + " error!", Invariant($"{d.Name} {p.Name}: {p.ErrorsPerSecond:0.##} errors/s")));
                if (p.RatesKnown && p.State == LinkState.Up && p.Utilization >= thresholds.Utilization)
                    result.Add(new(NetworkAlarmKind.Utilization, d.Name, p.Name, Invariant($"{who} {p.Utilization * 100:0}%!"), Invariant($"{d.Name} {p.Name}: {p.Utilization * 100:0.#} % of {p.SpeedBitsPerSecond / 1e9:0.##} Gb/s")));
            }
        }
        return result;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
