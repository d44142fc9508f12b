using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Dcs;
using OnlineConsole.Collectors.Geometry;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.HttpHealth;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Phoebus;
using OnlineConsole.Collectors.PostgreSql;
using OnlineConsole.Collectors.RedisHealth;
using OnlineConsole.Collectors.ComputeNodes;
using OnlineConsole.Collectors.Kubernetes;
using OnlineConsole.Collectors.Ceph;
using OnlineConsole.Collectors.KafkaHealth;
using OnlineConsole.Collectors.Messages;
using OnlineConsole.Collectors.Syslog;
using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Collectors.ZooKeeper;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors;

/// <summary>The one DI entry point of this project.</summary>
public static class CollectorsRegistration
{
    /// <summary>Registers the live store, the channel geometry and every configured collector.</summary>
    public static IServiceCollection AddCollectors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddTimeProvider();
        services.AddValidatedOptions<StoreOptions>(configuration, StoreOptions.Section);
        services.AddValidatedOptions<DetectorLimitsOptions>(configuration, DetectorLimitsOptions.Section);
        services.AddValidatedOptions<GeometryOptions>(configuration, GeometryOptions.Section);
        services.AddValidatedOptions<SimulatorOptions>(configuration, SimulatorOptions.Section);
        services.AddValidatedOptions<NetworkAlarmOptions>(configuration, NetworkOptions.Section);
        services.AddValidatedOptions<AlarmOptions>(configuration, AlarmOptions.Section);
        services.AddValidatedOptions<OnlineConsole.Core.Quality.MetricOptions>(configuration, OnlineConsole.Core.Quality.MetricOptions.Section);
        services.AddValidatedOptions<DcsOptions>(configuration, DcsOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NetworkAlarmOptions>>().Value.Thresholds);
        services.AddDetectorGeometry();
        services.AddValidatedOptions<OnlineConsole.Collectors.Replication.HaOptions>(configuration, OnlineConsole.Collectors.Replication.HaOptions.Section);
        services.AddSingleton(sp => WithLeadership(sp, new LiveStore(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetRequiredService<DetectorGeometry>(),
            sp.GetRequiredService<IOptions<DetectorLimitsOptions>>().Value,
            AreaIntervals.Default with { Network = NetworkConfigured(configuration)
                ? configuration.GetValue("Network:PollInterval", TimeSpan.FromSeconds(10))
                : configuration.GetValue("Simulator:NetworkInterval", TimeSpan.FromSeconds(5)) },
            sp.GetRequiredService<IOptions<AlarmOptions>>().Value,
            sp.GetRequiredService<IOptions<DcsOptions>>().Value)));
        // Pages get the read-only view; collectors and the guarded action services the store.
        services.AddSingleton<ILiveView>(sp => sp.GetRequiredService<LiveStore>());
        services.AddSingleton<IAlarmIngest>(sp => sp.GetRequiredService<LiveStore>().Alarms);
        services.AddSingleton<FreshnessMonitor>();

        // Run commands go to the real source when there is one, else to the simulator's run controller.
        if (configuration.GetSection(RedisOptions.Section).Exists())
        {
            services.AddValidatedOptions<RedisOptions>(configuration, RedisOptions.Section);
            services.AddSingleton<RedisCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<RedisCollector>());
            services.AddSingleton<IRunControl>(sp => sp.GetRequiredService<RedisCollector>());
        }
        if (SimulatorEnabled(configuration))
        {
            services.AddSingleton<SimulatorCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<SimulatorCollector>());
            services.AddSingleton<IProcessControl>(sp => sp.GetRequiredService<SimulatorCollector>());
            services.AddSingleton<IProcessLogs>(sp => sp.GetRequiredService<SimulatorCollector>());
            services.TryAddSingleton<IRunControl, SimulatorRunControl>();
            services.TryAddSingleton<IDcsControl>(sp => sp.GetRequiredService<SimulatorCollector>());
            services.AddSingleton<IAlarmForwarder>(sp => sp.GetRequiredService<SimulatorCollector>());
        }
        if (NetworkConfigured(configuration))
        {
            services.AddValidatedOptions<NetworkOptions>(configuration, NetworkOptions.Section);
            // The real network owns the store's network area: the simulator must not write it too.
            services.PostConfigure<SimulatorOptions>(o => o.Servers = 0);
            services.AddSingleton<NetworkCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<NetworkCollector>());
        }
        if (configuration.GetSection($"{SupervisorOptions.Section}:Instances").GetChildren().Any())
        {
            services.AddValidatedOptions<SupervisorOptions>(configuration, SupervisorOptions.Section);
            // Real supervisord hosts replace the simulated one.
            services.PostConfigure<SimulatorOptions>(o => o.Supervisor = false);
            services.AddSingleton<SupervisorCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<SupervisorCollector>());
            services.AddSingleton<IProcessControl>(sp => sp.GetRequiredService<SupervisorCollector>());
            services.AddSingleton<IProcessLogs>(sp => sp.GetRequiredService<SupervisorCollector>());
        }
        if (configuration.GetSection($"{HttpHealthOptions.Section}:Checks").GetChildren().Any())
        {
            services.AddValidatedOptions<HttpHealthOptions>(configuration, HttpHealthOptions.Section);
            services.AddSingleton<HttpHealthCollector>(sp => new HttpHealthCollector(sp.GetRequiredService<LiveStore>(),
                sp.GetRequiredService<IOptions<HttpHealthOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<HttpHealthCollector>>()));
            services.AddHostedService(sp => sp.GetRequiredService<HttpHealthCollector>());
        }
        if (configuration.GetSection($"{PostgreSqlOptions.Section}:Instances").GetChildren().Any())
        {
            services.AddValidatedOptions<PostgreSqlOptions>(configuration, PostgreSqlOptions.Section);
            services.AddSingleton<PostgreSqlCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlCollector>());
        }
        if (!string.IsNullOrEmpty(configuration[$"{ComputeNodesOptions.Section}:PrometheusUrl"]))
        {
            services.AddValidatedOptions<ComputeNodesOptions>(configuration, ComputeNodesOptions.Section);
            services.PostConfigure<SimulatorOptions>(o => o.ComputeNodes = false);
            services.AddSingleton<ComputeNodesCollector>(sp => new ComputeNodesCollector(sp.GetRequiredService<LiveStore>(),
                sp.GetRequiredService<IOptions<ComputeNodesOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ComputeNodesCollector>>()));
            services.AddHostedService(sp => sp.GetRequiredService<ComputeNodesCollector>());
        }
        if (configuration.GetSection($"{RedisHealthOptions.Section}:Instances").GetChildren().Any())
        {
            services.AddValidatedOptions<RedisHealthOptions>(configuration, RedisHealthOptions.Section);
            services.PostConfigure<SimulatorOptions>(o => o.RedisHealth = false);
            services.AddSingleton<RedisHealthCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<RedisHealthCollector>());
        }
        if (configuration.GetValue<bool>($"{KubernetesOptions.Section}:InCluster") || !string.IsNullOrEmpty(configuration[$"{KubernetesOptions.Section}:Kubeconfig"])
            || !string.IsNullOrEmpty(configuration[$"{KubernetesOptions.Section}:Server"]))
        {
            services.AddValidatedOptions<KubernetesOptions>(configuration, KubernetesOptions.Section);
            services.PostConfigure<SimulatorOptions>(o => o.Kubernetes = false);
            services.AddSingleton<KubernetesCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<KubernetesCollector>());
            services.AddSingleton<IProcessControl>(sp => sp.GetRequiredService<KubernetesCollector>());
        }
        if (configuration.GetSection($"{KafkaHealthOptions.Section}:Clusters").GetChildren().Any())
        {
            services.AddValidatedOptions<KafkaHealthOptions>(configuration, KafkaHealthOptions.Section);
            services.PostConfigure<SimulatorOptions>(o => o.KafkaHealth = false);
            services.AddSingleton<KafkaHealthCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<KafkaHealthCollector>());
        }
        if (configuration.GetSection($"{KafkaMessagesOptions.Section}:Topics").GetChildren().Any())
        {
            services.AddValidatedOptions<KafkaMessagesOptions>(configuration, KafkaMessagesOptions.Section);
            // Real message clients replace the simulated ones.
            services.PostConfigure<SimulatorOptions>(o => o.Messages = false);
            services.AddSingleton<KafkaMessagesCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<KafkaMessagesCollector>());
        }
        if (configuration.GetValue<bool>($"{SyslogOptions.Section}:Enabled"))
        {
            services.AddValidatedOptions<SyslogOptions>(configuration, SyslogOptions.Section);
            services.AddSingleton<SyslogCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<SyslogCollector>());
        }
        if (configuration.GetSection($"{CephOptions.Section}:Clusters").GetChildren().Any())
        {
            services.AddValidatedOptions<CephOptions>(configuration, CephOptions.Section);
            services.PostConfigure<SimulatorOptions>(o => o.Ceph = false);
            services.AddSingleton<CephCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<CephCollector>());
        }
        if (!string.IsNullOrEmpty(configuration[$"{DcsMqttOptions.Section}:Host"]))
        {
            services.AddValidatedOptions<DcsMqttOptions>(configuration, DcsMqttOptions.Section);
            // The real slow control owns the DCS area and takes the commands.
            services.PostConfigure<SimulatorOptions>(o => o.Dcs = false);
            services.AddSingleton<DcsMqttCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<DcsMqttCollector>());
            services.RemoveAll<IDcsControl>();
            services.AddSingleton<IDcsControl>(sp => sp.GetRequiredService<DcsMqttCollector>());
        }
        if (!string.IsNullOrEmpty(configuration[$"{PhoebusOptions.Section}:BootstrapServers"]))
        {
            services.AddValidatedOptions<PhoebusOptions>(configuration, PhoebusOptions.Section);
            services.PostConfigure<SimulatorOptions>(o => o.Phoebus = false);
            services.AddSingleton<PhoebusAlarmCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<PhoebusAlarmCollector>());
            services.AddSingleton<IAlarmForwarder>(sp => sp.GetRequiredService<PhoebusAlarmCollector>());
        }
        if (configuration.GetSection($"{ZooKeeperOptions.Section}:Ensembles").GetChildren().Any())
        {
            services.AddValidatedOptions<ZooKeeperOptions>(configuration, ZooKeeperOptions.Section);
            services.PostConfigure<SimulatorOptions>(o => o.ZooKeeper = false);
            services.AddSingleton<ZooKeeperCollector>();
            services.AddHostedService(sp => sp.GetRequiredService<ZooKeeperCollector>());
        }
        return services;
    }

    /// <summary>
    /// SNMP network monitoring runs when a "Network" section sets more than the port thresholds (which apply to the
    /// simulated network as well, so they alone do not switch polling on).
    /// </summary>
    public static bool NetworkConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string[] thresholdsOnly = [nameof(NetworkAlarmOptions.UtilizationWarning), nameof(NetworkAlarmOptions.UtilizationAlarm), nameof(NetworkAlarmOptions.ErrorRateAlarm)];
        return configuration.GetSection(NetworkOptions.Section).GetChildren().Any(c => !thresholdsOnly.Contains(c.Key, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The simulator runs when switched on, or by default when no real source is configured.</summary>
    // A replica waits for the lease before doing the work that must happen once; a single console does it at once.
    private static LiveStore WithLeadership(IServiceProvider sp, LiveStore store)
    {
        var ha = sp.GetRequiredService<IOptions<OnlineConsole.Collectors.Replication.HaOptions>>().Value;
        if (ha.Enabled) store.Replicate(ha.ReplicaName);
        return store;
    }

    public static bool SimulatorEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var explicitly = configuration.GetValue<bool?>("Simulator:Enabled");
        if (explicitly is { } e) return e;
        return !configuration.GetSection("Redis").Exists();
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
