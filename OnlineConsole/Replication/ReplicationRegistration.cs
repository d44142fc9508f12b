using Microsoft.Extensions.Options;
using OnlineConsole.Collectors;
using OnlineConsole.Collectors.Replication;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Data;

namespace OnlineConsole.Replication;

/// <summary>Several replicas (section "Ha"): the lease, the replica bus, and where alarm commands go.</summary>
public static class ReplicationRegistration
{
    /// <summary>Call before the alarm evaluator is registered: hosted services stop in reverse order, and the evaluator's last write needs the lease.</summary>
    public static IServiceCollection AddReplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ReplicaSync>();
        services.AddSingleton<IAlarmCommands>(sp => sp.GetRequiredService<ReplicaSync>());
        if (!configuration.GetValue<bool>($"{HaOptions.Section}:Enabled")) return services;
        services.AddOptions<HaOptions>()
            .Validate(_ => configuration.GetValue<DatabaseProvider>($"{DataOptions.Section}:Provider") == DatabaseProvider.PostgreSql,
                "Ha:Enabled needs the shared PostgreSQL settings database: set Data:Provider=PostgreSql and Data:ConnectionString.")
            .Validate(_ => !CollectorsRegistration.SimulatorEnabled(configuration),
                "Ha:Enabled needs real sources that every replica reads alike: set Simulator:Enabled=false and feed them with --simulate-into (the embedded simulator would play a different detector in each replica).");
        services.AddSingleton<LeaseStore>();
        services.AddHostedService<LeaseService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaSync>());
        services.AddHostedService<ReplicatedSettings>();
        return services;
    }
}
