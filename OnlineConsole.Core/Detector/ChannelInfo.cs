namespace OnlineConsole.Core.Detector;

/// <summary>One readout channel and where it sits.</summary>
public readonly record struct ChannelInfo(int Id, PmtType Type, int Gcu, int GcuChannel, float X, float Y, float Z)
{
    /// <summary>Polar angle from +z, degrees.</summary>
    public double ThetaDeg => Math.Acos(Math.Clamp(Z / Radius, -1, 1)) * 180 / Math.PI;

    /// <summary>Azimuth, degrees in [0, 360).</summary>
    public double PhiDeg
    {
        get
        {
            var p = Math.Atan2(Y, X) * 180 / Math.PI;
            return p < 0 ? p + 360 : p;
        }
    }

    public float Radius => MathF.Sqrt((X * X) + (Y * Y) + (Z * Z));
}
