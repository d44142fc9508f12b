using OnlineConsole.Core.Network;

namespace OnlineConsole.Components.Network;

/// <summary>A port table row: the port and, for a link's two ends, the device it belongs to.</summary>
public readonly record struct PortRow(string Device, PortStatus Port);
