namespace OnlineConsole.Core.Detector;

/// <summary>
/// One byte per dark-count rate: log-scaled over three decades around a PMT type's baseline
/// (baseline/100 .. baseline*10), 253 steps of 2.77 % (error within +-1.4 %, below the ~2 % counting noise of a
/// 1 s rate). The same codes are stored in the history and sent to browsers, so both cost one byte a sample.
/// Code 0: no value; 1: at or below the floor (dead); 255: at or above the ceiling.
/// </summary>
public readonly record struct RateCodec(double Floor, double Ceiling)
{
    public const byte NoValue = 0;
    public const byte AtFloor = 1;
    public const byte AtCeiling = 255;
    private const int Steps = 253;

    public static RateCodec ForBaseline(double baseline) => new(baseline / 100, baseline * 10);

    /// <summary>Codecs indexed by <see cref="PmtType"/>.</summary>
    public static RateCodec[] ForLimits(DetectorLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return [.. Enum.GetValues<PmtType>().Select(t => ForBaseline(limits.For(t).Baseline))];
    }

    public byte Encode(float rate)
    {
        if (float.IsNaN(rate)) return NoValue;
        if (rate <= Floor) return AtFloor;
        if (rate >= Ceiling) return AtCeiling;
        var x = Math.Log(rate / Floor) / Math.Log(Ceiling / Floor);
        return (byte)Math.Clamp(2 + (int)Math.Round(x * Steps), 2, 255);
    }

    /// <summary>The rate a code stands for; NaN for no value, 0 for "at or below the floor".</summary>
    public float Decode(byte code) => code switch
    {
        NoValue => float.NaN,
        AtFloor => 0f,
        AtCeiling => (float)Ceiling,
        _ => (float)(Floor * Math.Pow(Ceiling / Floor, (code - 2) / (double)Steps)),
    };
}
