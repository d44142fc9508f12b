using OnlineConsole.Alarms;
using OnlineConsole.Core.Detector;
using OnlineConsole.Detector;
using OnlineConsole.Quality;

namespace OnlineConsole.Replication;

/// <summary>
/// Settings an operator saves on one replica take effect on all: the replica bus says which setting was saved, and
/// this reads it again from the database. (Notification settings are read from the database on every delivery poll.)
/// </summary>
public sealed partial class ReplicatedSettings(ReplicaSync sync, AlarmRuleSettings rules, DetectorLimitsSettings limits, HistogramReferences references,
    ILogger<ReplicatedSettings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        sync.SettingsSavedElsewhere += Reload;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        sync.SettingsSavedElsewhere -= Reload;
        return Task.CompletedTask;
    }

    private void Reload(string name)
    {
        try
        {
            if (name == AlarmRuleSettings.Key) rules.Reload();
            else if (name == DetectorLimitsOptions.Section) limits.Reload();
            else if (name == HistogramReferences.Key) references.Load();
            else return;
            LogReloaded(name);
        }
#pragma warning disable CA1031 // The database may be away: the next save tells again, a restart reads it anyway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReloadFailed(name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Setting {Name} saved by another replica: read again")]
    private partial void LogReloaded(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Setting {Name} saved by another replica could not be read: {Error}")]
    private partial void LogReloadFailed(string name, string error);
}
