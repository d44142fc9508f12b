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

/// <summary>How bad a port's load or errors are, by <see cref="NetworkAlarmThresholds"/>.</summary>
public enum PortLevel
{
    Normal,
    Warning,
    Alarm,
}

/// <summary>
/// When ports count as loaded (warning) or in alarm. The one set of thresholds of the console: the source that writes
/// a <see cref="NetworkSnapshot"/> puts its thresholds in it, and the alarm candidates, the port grid colours and
/// the topology link colours all read them from there.
/// </summary>
public sealed record NetworkAlarmThresholds(double Utilization, double ErrorsPerSecond)
{
    public static NetworkAlarmThresholds Default { get; } = new(0.9, 1.0);

    /// <summary>Utilization (fraction) from which a port is shown as loaded, below the alarm.</summary>
    public double UtilizationWarning { get; init; } = 0.7;

    public PortLevel UtilizationLevel(double utilization) =>
        utilization >= Utilization ? PortLevel.Alarm : utilization >= UtilizationWarning ? PortLevel.Warning : PortLevel.Normal;

    /// <summary>Errors at or above the alarm rate are an alarm; any error below it is a warning.</summary>
    public PortLevel ErrorLevel(double errorsPerSecond) =>
        errorsPerSecond >= ErrorsPerSecond ? PortLevel.Alarm : errorsPerSecond > 0 ? PortLevel.Warning : PortLevel.Normal;

    /// <summary>The worse of utilization and errors, for a measured port that is up; Normal otherwise.</summary>
    public PortLevel Level(PortStatus port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (!port.RatesKnown || port.State != LinkState.Up) return PortLevel.Normal;
        var u = UtilizationLevel(port.Utilization);
        var e = ErrorLevel(port.ErrorsPerSecond);
        return u > e ? u : e;
    }
}

public static class NetworkAlarms
{
    /// <summary>The snapshot with its alarm candidates filled in.</summary>
    public static NetworkSnapshot WithAlarms(NetworkSnapshot snapshot, NetworkAlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot with { Alarms = Evaluate(snapshot, thresholds), Thresholds = thresholds };
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
