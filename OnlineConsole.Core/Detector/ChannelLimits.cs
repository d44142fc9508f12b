namespace OnlineConsole.Core.Detector;

/// <summary>Normal range of one PMT type's dark count rate, in Hz.</summary>
public sealed record ChannelLimits(double Baseline, double Low, double High, double DeadBelow, double HotAbove)
{
    public ChannelStatus Classify(float rate) =>
        float.IsNaN(rate) ? ChannelStatus.Missing
        : rate <= DeadBelow ? ChannelStatus.Dead
        : rate > HotAbove ? ChannelStatus.Hot
        : rate < Low ? ChannelStatus.Low
        : rate > High ? ChannelStatus.High
        : ChannelStatus.Ok;

    public IEnumerable<string> Validate(string name)
    {
        if (!(DeadBelow >= 0)) yield return $"{name}: DeadBelow must be >= 0.";
        if (!(DeadBelow < Low)) yield return $"{name}: DeadBelow ({DeadBelow}) must be below Low ({Low}).";
        if (!(Low <= Baseline && Baseline <= High)) yield return $"{name}: Baseline ({Baseline}) must lie within Low..High ({Low}..{High}).";
        if (!(High < HotAbove)) yield return $"{name}: High ({High}) must be below HotAbove ({HotAbove}).";
    }
}
