using System.Globalization;

namespace OnlineConsole.Components.Detector;

/// <summary>Dark count rates as people read them: Hz below 1 kHz, kHz above, a dash for no value.</summary>
public static class RateText
{
    public static string Format(double hz) =>
        double.IsNaN(hz) ? "—"
        : hz >= 1000 ? (hz / 1000).ToString("0.0", CultureInfo.CurrentCulture) + " kHz"
        : hz.ToString("0", CultureInfo.CurrentCulture) + " Hz";

    public static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "—" : (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.CurrentCulture) + " %";
}
