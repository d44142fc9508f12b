namespace OnlineConsole.Core.Detector;

public enum DcrFrameKind : byte
{
    /// <summary>Every channel's code.</summary>
    Full,
    /// <summary>Every channel's code minus its code in the base frame (mod 256): mostly 0 and +-1, which compress well.</summary>
    Dense,
    /// <summary>Only the channels whose code changed since the base frame, as (index gap, code) pairs.</summary>
    Sparse,
}
