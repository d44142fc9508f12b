namespace OnlineConsole.Core.Detector;

/// <summary>Limits for every PMT type (section "Detector:Limits"). Defaults are JUNO-like orders of magnitude.</summary>
public sealed class DetectorLimitsOptions : OnlineConsole.Core.Live.IValidatableOptions
{
    public const string Section = "Detector:Limits";

    public ChannelLimits Dynode { get; set; } = new(Baseline: 15_000, Low: 5_000, High: 30_000, DeadBelow: 100, HotAbove: 60_000);
    public ChannelLimits Mcp { get; set; } = new(Baseline: 40_000, Low: 15_000, High: 70_000, DeadBelow: 100, HotAbove: 120_000);
    public ChannelLimits Small { get; set; } = new(Baseline: 800, Low: 200, High: 1_800, DeadBelow: 10, HotAbove: 4_000);

    public ChannelLimits For(PmtType type) => type switch
    {
        PmtType.Dynode => Dynode,
        PmtType.Mcp => Mcp,
        _ => Small,
    };

    public IEnumerable<string> Validate() =>
        Dynode.Validate($"{Section}:Dynode").Concat(Mcp.Validate($"{Section}:Mcp")).Concat(Small.Validate($"{Section}:Small"));
}
