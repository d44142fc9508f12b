using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>The built-in simulated detector (section "Simulator").</summary>
public sealed class SimulatorOptions : IValidatableOptions
{
    public const string Section = "Simulator";

    /// <summary>On, off, or (null) on when no real source is configured.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Same seed, same detector: channel baselines, anomalies and run timeline repeat exactly.</summary>
    public int Seed { get; set; } = 20_260_101;

    public TimeSpan FrameInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan NetworkInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Let the simulated run controller go through runs by itself.</summary>
    public bool AutoCycle { get; set; } = true;

    public long FirstRunNumber { get; set; } = 5_000;
    public TimeSpan ConfigureTime { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RunLength { get; set; } = TimeSpan.FromMinutes(20);
    public TimeSpan StoppedTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every how many runs one is paused half-way, for PauseLength.</summary>
    public int PauseEveryRuns { get; set; } = 3;
    public TimeSpan PauseLength { get; set; } = TimeSpan.FromSeconds(30);

    public int HotChannels { get; set; } = 12;
    public int DeadChannels { get; set; } = 8;
    public int FlappingChannels { get; set; } = 6;

    /// <summary>How often the set of hot/dead/flapping channels is drawn anew.</summary>
    public TimeSpan AnomalyPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Optional text file of faults the simulator holds while they are listed, one per line ('#' comments): a channel
    /// id (held dead) or "device NAME" (a switch or server failing: unreachable, its ports and cables down, servers
    /// behind a failed switch cut off); re-read when it changes. For fault drills and browser tests.
    /// </summary>
    public string? FaultFile { get; set; }

    public int Servers { get; set; } = 100;

    /// <summary>A simulated supervisord host with monitoring processes experts can start, stop and restart (off when a real one is configured).</summary>
    public bool Supervisor { get; set; } = true;

    /// <summary>A simulated three-server ZooKeeper ensemble (off when a real one is configured).</summary>
    public bool ZooKeeper { get; set; } = true;

    /// <summary>Each simulated server as a compute node in the Prometheus collector's shape, with the same numbers the topology shows.</summary>
    public bool ComputeNodes { get; set; } = true;

    /// <summary>A simulated Redis master and replica in the health collector's shape (off when RedisHealth is configured).</summary>
    public bool RedisHealth { get; set; } = true;

    /// <summary>A simulated Kubernetes cluster in the watch collector's shape (off when Kubernetes is configured).</summary>
    public bool Kubernetes { get; set; } = true;

    public int KubernetesNodes { get; set; } = 12;

    /// <summary>A simulated Ceph cluster in the status collector's shape (off when Ceph is configured).</summary>
    public bool Ceph { get; set; } = true;

    /// <summary>A simulated Kafka cluster in the admin collector's shape (off when KafkaHealth is configured).</summary>
    public bool KafkaHealth { get; set; } = true;

    /// <summary>Pods in the simulated cluster: the online software's own (19), and a worker deployment for the rest.</summary>
    public int KubernetesPods { get; set; } = 60;

    /// <summary>DAQ log lines, metrics and histograms as the message clients send them (off when KafkaMessages is configured).</summary>
    public bool Messages { get; set; } = true;

    /// <summary>DAQ log lines a minute outside the bursts.</summary>
    public double LogLinesPerMinute { get; set; } = 300;
    public int ServersPerEdgeSwitch { get; set; } = 16;

    /// <summary>A simulated Phoebus alarm server with a tree of DCS PVs (off when Phoebus is configured).</summary>
    public bool Phoebus { get; set; } = true;

    /// <summary>The DCS demonstrator: HV, LV and temperature/humidity channels (off when Dcs:Mqtt is configured).</summary>
    public bool Dcs { get; set; } = true;

    /// <summary>HV crates x boards x channels: 52 x 16 x 24 = 19,968 channels, JUNO's ~20,000 by default.</summary>
    public int DcsCrates { get; set; } = 52;
    public int DcsBoards { get; set; } = 16;
    public int DcsChannels { get; set; } = 24;
    public int DcsLvChannels { get; set; } = 8;

    /// <summary>Temperature/humidity sensors: 10 areas x 500, JUNO's ~10,000 points.</summary>
    public int DcsSensorAreas { get; set; } = 10;
    public int DcsSensorsPerArea { get; set; } = 500;

    /// <summary>How fast a dummy HV channel ramps, in V/s.</summary>
    public double DcsRampRate { get; set; } = 20;

    /// <summary>Every how often one HV channel develops an over-current and trips (0 = never).</summary>
    public TimeSpan DcsTripPeriod { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate()
    {
        if (FrameInterval < TimeSpan.FromMilliseconds(50) || FrameInterval > TimeSpan.FromMinutes(1)) yield return $"{Section}:FrameInterval must be between 00:00:00.050 and 00:01:00 (is {FrameInterval}).";
        if (NetworkInterval < FrameInterval) yield return $"{Section}:NetworkInterval must not be shorter than FrameInterval.";
        foreach (var (k, v) in new[] { ("ConfigureTime", ConfigureTime), ("RunLength", RunLength), ("StoppedTime", StoppedTime), ("AnomalyPeriod", AnomalyPeriod), ("PauseLength", PauseLength) })
            if (v < FrameInterval) yield return $"{Section}:{k} must be at least FrameInterval ({FrameInterval}), is {v}.";
        if (FirstRunNumber < 1) yield return $"{Section}:FirstRunNumber must be positive.";
        if (PauseEveryRuns < 0) yield return $"{Section}:PauseEveryRuns must be >= 0 (0 = never).";
        if (HotChannels < 0 || DeadChannels < 0 || FlappingChannels < 0) yield return $"{Section}: HotChannels, DeadChannels and FlappingChannels must be >= 0.";
        if (KubernetesNodes is < 0 or > 1000 || KubernetesPods is < 0 or > 10_000) yield return $"{Section}: KubernetesNodes must be between 0 and 1000, KubernetesPods between 0 and 10000.";
        if (LogLinesPerMinute is < 0 or > 10_000_000) yield return $"{Section}:LogLinesPerMinute must be between 0 and 10000000.";
        if (Servers is < 0 or > 5000) yield return $"{Section}:Servers must be between 0 and 5000.";
        if (DcsCrates is < 0 or > 1000 || DcsBoards is < 0 or > 100 || DcsChannels is < 0 or > 100 || DcsLvChannels is < 0 or > 100)
            yield return $"{Section}: DcsCrates must be between 0 and 1000; DcsBoards, DcsChannels and DcsLvChannels between 0 and 100.";
        if (DcsSensorAreas is < 0 or > 1000 || DcsSensorsPerArea is < 0 or > 100_000) yield return $"{Section}: DcsSensorAreas must be between 0 and 1000, DcsSensorsPerArea between 0 and 100000.";
        if (DcsRampRate is <= 0 or > 10_000) yield return $"{Section}:DcsRampRate must be above 0 and at most 10000 V/s.";
        if (DcsTripPeriod < TimeSpan.Zero) yield return $"{Section}:DcsTripPeriod must not be negative.";
        if (ServersPerEdgeSwitch is < 1 or > 512) yield return $"{Section}:ServersPerEdgeSwitch must be between 1 and 512.";
    }
}
