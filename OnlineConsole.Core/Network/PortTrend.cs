namespace OnlineConsole.Core.Network;

/// <summary>A port's history: recent samples at the poll interval and one-minute averages.</summary>
public sealed record PortTrend(PortTrendSeries Recent, PortTrendSeries Minutes);
