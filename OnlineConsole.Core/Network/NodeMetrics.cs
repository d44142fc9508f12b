namespace OnlineConsole.Core.Network;

/// <summary>
/// What a host reports of itself: CPU load (mean over processors, percent), memory used (percent of RAM) and time
/// since boot. Each is null when the host does not (yet) report it: net-snmp, for one, has no processor load
/// during its first minute.
/// </summary>
public sealed record NodeMetrics(double? CpuPercent, double? MemoryUsedPercent, TimeSpan? Uptime);
