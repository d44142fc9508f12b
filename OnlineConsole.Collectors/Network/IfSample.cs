using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>All interfaces of one agent at one instant.</summary>
public sealed record IfSample(DateTimeOffset At, TimeSpan? UpTime, IReadOnlyDictionary<int, IfRow> Rows);
