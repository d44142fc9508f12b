using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Core.Run;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OnlineConsole.Data;
using OnlineConsole.Notifications;

namespace OnlineConsole.Tests.Notifications;

/// <summary>Alarms and configurations shared by the notification tests.</summary>
internal static class NotificationTestData
{
    public static Alarm Alarm(string key, AlarmSeverity severity = AlarmSeverity.Major, string area = "cd", DateTimeOffset? since = null, long activation = 1,
        bool acknowledged = false) => new()
    {
        Key = key,
        Source = "test",
        Rule = "rule-" + key,
        Severity = severity,
        Message = key + " is wrong",
        Labels = new Dictionary<string, string> { ["area"] = area },
        Active = true,
        Activation = activation,
        ActiveSince = since ?? new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
        RunNumber = 4711,
        RunState = RunState.Running,
        Acknowledged = acknowledged ? new AlarmDecision("op", since ?? DateTimeOffset.UnixEpoch, "seen") : null,
    };

    /// <summary>The versioned settings over a real database, starting from <paramref name="files"/> as version 0.</summary>
    public static NotificationSettings Settings(SettingsDatabase database, NotificationOptions files, TimeProvider? time = null, IDataProtectionProvider? protection = null) =>
        new(database, Options.Create(files), protection ?? new EphemeralDataProtectionProvider(), time ?? TimeProvider.System);

    public static ContactPointOptions Hook(string name) => new() { Name = name, Kind = ContactPointKind.Webhook, Url = "http://127.0.0.1:9/" + name };
}
