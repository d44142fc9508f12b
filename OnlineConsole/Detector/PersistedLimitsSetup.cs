using Microsoft.Extensions.Options;
using OnlineConsole.Core.Detector;
using OnlineConsole.Data;

namespace OnlineConsole.Detector;

/// <summary>Limits saved in the console replace those of the configuration files when the live store is built at start-up.</summary>
public sealed class PersistedLimitsSetup(SettingsStore settings, ILogger<PersistedLimitsSetup> logger) : IPostConfigureOptions<DetectorLimitsOptions>
{
    public void PostConfigure(string? name, DetectorLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (settings.Get(DetectorLimitsOptions.Section) is not { } json) return;
        DetectorLimitsOptions? stored;
        try
        {
            stored = DetectorLimitsSettings.Parse(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            logger.LogWarning(ex, "The saved {Section} cannot be read; the configured limits apply", DetectorLimitsOptions.Section);
            return;
        }
        if (stored is null || stored.Validate().Any())
        {
            logger.LogWarning("The saved {Section} are incomplete or invalid; the configured limits apply", DetectorLimitsOptions.Section);
            return;
        }
        (options.Dynode, options.Mcp, options.Small) = (stored.Dynode, stored.Mcp, stored.Small);
        logger.LogInformation("{Section} from the settings database (saved in the console)", DetectorLimitsOptions.Section);
    }
}
