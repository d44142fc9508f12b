using OnlineConsole.Core.Network;

namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>
/// Network alarms from the candidates the network snapshot already carries (the thresholds live there, so the
/// views and the alarms agree): a port down, errors, utilization, a device unreachable.
/// </summary>
public sealed class NetworkAlarmRules
{
    private readonly SignalSet _set = new();

    public static string DeviceSubject(string device) => "device:" + device;
    public static string PortSubject(string device, string port) => "port:" + device + "/" + port;

    public SignalSet Signals => _set;

    public List<AlarmSignal> Evaluate(NetworkSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var roles = snapshot.Devices.ToDictionary(d => d.Name, d => d.Role, StringComparer.Ordinal);
        return _set.Diff(snapshot.Alarms.Select(c => Signal(c, roles.GetValueOrDefault(c.Device, DeviceRole.Server))));
    }

    public static AlarmSignal Signal(NetworkAlarmCandidate c, DeviceRole role)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (rule, key, subject, severity) = c.Kind switch
        {
            NetworkAlarmKind.Unreachable => (BuiltInRules.NetUnreachable, "net/unreachable/" + c.Device, DeviceSubject(c.Device),
                role == DeviceRole.Server ? AlarmSeverity.Major : AlarmSeverity.Critical),
            NetworkAlarmKind.LinkDown => (BuiltInRules.NetLink, "net/link/" + c.Device + "/" + c.Port, PortSubject(c.Device, c.Port!),
                c.Severity == NetworkAlarmSeverity.Warning ? AlarmSeverity.Warning : role == DeviceRole.Server ? AlarmSeverity.Major : AlarmSeverity.Major),
            NetworkAlarmKind.Errors => (BuiltInRules.NetErrors, "net/errors/" + c.Device + "/" + c.Port, PortSubject(c.Device, c.Port!), AlarmSeverity.Minor),
            _ => (BuiltInRules.NetUtilization, "net/utilization/" + c.Device + "/" + c.Port, PortSubject(c.Device, c.Port!), AlarmSeverity.Warning),
        };
        var labels = new Dictionary<string, string> { ["area"] = "network", ["device"] = c.Device, ["kind"] = c.Kind.ToString() };
        if (c.Port is not null) labels["port"] = c.Port;
        // Errors and utilization describe a port that still works: they do not make it a root cause.
        var causal = c.Kind is NetworkAlarmKind.Unreachable or NetworkAlarmKind.LinkDown;
        return new AlarmSignal(key, true, severity, c.Label + " — " + c.Detail)
        {
            Source = BuiltInRules.Source,
            Rule = rule,
            Subject = causal ? subject : null,
            Labels = labels,
            Links = [new AlarmLink(c.Device, role == DeviceRole.Server ? "topology" : "network?switch=" + Uri.EscapeDataString(c.Device))],
        };
    }
}
