namespace OnlineConsole.Core.Detector;

/// <summary>Detector health at one instant, computed once per frame so readers pay nothing.</summary>
public sealed record DetectorSummary(IReadOnlyList<TypeSummary> ByType, long Frame, DateTimeOffset At)
{
    public static DetectorSummary Empty { get; } = new([], 0, DateTimeOffset.MinValue);

    public TypeSummary For(PmtType type) => ByType.FirstOrDefault(t => t.Type == type);
}
