using Microsoft.Extensions.Options;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Data;

namespace OnlineConsole.Alarms;

/// <summary>Rules saved in the console replace the configuration files' rule of the same name when the live store is built.</summary>
public sealed class PersistedAlarmRulesSetup(SettingsStore settings, ILogger<PersistedAlarmRulesSetup> logger) : IPostConfigureOptions<AlarmOptions>
{
    public void PostConfigure(string? name, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (settings.Get(AlarmRuleSettings.Key) is not { } json) return;
        Dictionary<string, AlarmRule> stored;
        try
        {
            stored = AlarmRuleSettings.Parse(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            logger.LogWarning(ex, "The saved {Key} cannot be read; the configured rules apply", AlarmRuleSettings.Key);
            return;
        }
        var applied = 0;
        foreach (var (rule, value) in stored)
        {
            if (value.Validate(rule).ToList() is { Count: > 0 } errors)
            {
                logger.LogWarning("The saved alarm rule {Rule} is invalid ({Errors}); the configured one applies", rule, string.Join(" ", errors));
                continue;
            }
            options.Rules[rule] = value;
            applied++;
        }
        logger.LogInformation("{Count} alarm rule(s) from the settings database (saved in the console)", applied);
    }
}
