namespace OnlineConsole.Core.Detector;

/// <summary>Counts of channel states for one PMT type.</summary>
public readonly record struct TypeSummary(PmtType Type, int Channels, int Ok, int Low, int High, int Dead, int Hot, int Stale, int Missing, double MedianRate, int Flapping = 0);
