using System.Globalization;

namespace OnlineConsole.Core.Text;

/// <summary>English count phrases for messages: "1 channel", "2 channels" (never "1 channels").</summary>
public static class Plural
{
    public static string Of(int count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural ?? singular + "s")}");
}
