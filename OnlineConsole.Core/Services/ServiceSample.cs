namespace OnlineConsole.Core.Services;

/// <summary>A row's numbers (cpu, memory, disk as fractions) at one moment, for its trend.</summary>
public sealed record ServiceSample(DateTimeOffset At, IReadOnlyDictionary<string, double> Values);
