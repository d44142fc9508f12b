using Microsoft.Extensions.Localization;
using OnlineConsole.Core.Detector;

namespace OnlineConsole.Components.Detector;

/// <summary>
/// The one definition of the detector views' state colours and legend texts. Razor markup (GCU cells, lists,
/// channel history) reads them here and the JS modules (heatmaps, 3D map) receive them in their create options:
/// the modules hold no colour or legend text of their own (a node test fails on a colour literal in them).
/// </summary>
public static class DcrPalette
{
    /// <summary>Colour per <see cref="ChannelStatus"/> (Missing, Ok, Low, High, Dead, Hot), as the frames code it.</summary>
    public static IReadOnlyList<string> Status { get; } = ["#6e6e6e", "#2e7d32", "#1e88e5", "#fbc02d", "#00e5ff", "#ff2020"];

    /// <summary>Ring and text colour of a flapping channel.</summary>
    public const string Flapping = "#ffa500";

    /// <summary>A stale channel (no fresh value): the same grey as "no data".</summary>
    public const string Stale = "#6e6e6e";

    /// <summary>Low / high limit marks on the legend bar, histograms and history charts.</summary>
    public const string Limit = "#aaaaaa";

    /// <summary>Histogram bars and the history line.</summary>
    public const string Bars = "#4a90d9";

    public static string For(ChannelStatus status) => Status[(int)status];

    /// <summary>Colour of a channel as the views draw it: grey when stale, else its status colour.</summary>
    public static string For(ChannelStatus status, bool stale) => stale ? Stale : For(status);

    /// <summary>Icon of a state: with the colour and the text, never colour alone.</summary>
    public static string Icon(ChannelStatus status) => status switch
    {
        ChannelStatus.Ok => MudBlazor.Icons.Material.Filled.CheckCircle,
        ChannelStatus.Low => MudBlazor.Icons.Material.Filled.ArrowDownward,
        ChannelStatus.High => MudBlazor.Icons.Material.Filled.ArrowUpward,
        ChannelStatus.Dead => MudBlazor.Icons.Material.Filled.Block,
        ChannelStatus.Hot => MudBlazor.Icons.Material.Filled.Whatshot,
        _ => MudBlazor.Icons.Material.Filled.HelpOutline,
    };

    /// <summary>What the JS modules receive: colours, as above.</summary>
    public static object ModuleColours() => new { status = Status, flapping = Flapping, stale = Stale, limit = Limit, bars = Bars };

    /// <summary>Legend, hover and caption texts of the modules, in the page's language.</summary>
    public static Dictionary<string, object> ModuleTexts(IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var t = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var k in new[] { "Dead", "Hot", "Flapping", "Stale", "StaleNoData", "Log", "LogCountRate", "Channel", "Ch", "Rate", "Deviation", "Age", "Status" })
            t[char.ToLowerInvariant(k[0]) + k[1..]] = l["Dcr.Key." + k].Value;
        t["statuses"] = Enum.GetNames<ChannelStatus>().Select(s => l["Dcr.Status." + s].Value).ToArray();
        return t;
    }
}
