namespace OnlineConsole.Core.Network;

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
