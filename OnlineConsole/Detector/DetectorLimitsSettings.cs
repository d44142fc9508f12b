using System.Text.Json;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Data;

namespace OnlineConsole.Detector;

/// <summary>The detector limits as an expert changes them: stored in the settings database, then applied to the live store.</summary>
public sealed class DetectorLimitsSettings(SettingsStore settings, LiveStore store)
{
    public DetectorLimitsOptions Current => store.Channels.Limits;

    /// <exception cref="ArgumentException">The limits are invalid; nothing was stored or applied.</exception>
    public void Save(DetectorLimitsOptions limits, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Validate().ToList() is { Count: > 0 } errors) throw new ArgumentException(string.Join(" ", errors), nameof(limits));
        // Stored first: a change the database did not take is not applied either.
        settings.Set(DetectorLimitsOptions.Section, Json(limits), changedBy);
        store.Channels.SetLimits(limits);
    }

    /// <summary>Takes the limits another replica saved.</summary>
    public void Reload()
    {
        if (settings.Get(DetectorLimitsOptions.Section) is { } json && Parse(json) is { } limits && limits.Validate().ToList().Count == 0)
            store.Channels.SetLimits(limits);
    }

    /// <summary>The form kept in the database and in the audit's before/after.</summary>
    public static string Json(DetectorLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return JsonSerializer.Serialize(new { limits.Dynode, limits.Mcp, limits.Small });
    }

    /// <summary>The stored limits, or null when a type is missing.</summary>
    public static DetectorLimitsOptions? Parse(string json) =>
        JsonSerializer.Deserialize<Stored>(json) is { Dynode: { } d, Mcp: { } m, Small: { } s } ? new DetectorLimitsOptions { Dynode = d, Mcp = m, Small = s } : null;

    private sealed record Stored(ChannelLimits? Dynode, ChannelLimits? Mcp, ChannelLimits? Small);
}
