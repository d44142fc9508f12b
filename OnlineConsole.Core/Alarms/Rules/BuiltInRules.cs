using OnlineConsole.Core.Run;

namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>The console's own rule names and their default behaviour (each can be changed under Alarms:Rules:NAME).</summary>
public static class BuiltInRules
{
    public const string Source = "rules";

    public const string DcrChannel = "dcr.channel";
    public const string DcrGcu = "dcr.gcu";
    public const string NetLink = "net.link";
    public const string NetUnreachable = "net.unreachable";
    public const string NetErrors = "net.errors";
    public const string NetUtilization = "net.utilization";
    public const string Collector = "console.collector";
    public const string RunError = "run.error";
    public const string Service = "svc.health";
    public const string Metric = "metric.limit";
    public const string DcsLimit = "dcs.limit";

    /// <summary>EPICS alarms of the Phoebus alarm server: it latches and acknowledges itself, the console follows its state.</summary>
    public const string Phoebus = "phoebus";

    /// <summary>Defaults: the detector's rules count only while running and wait for a new run to settle.</summary>
    public static Dictionary<string, AlarmRule> Defaults() => new(StringComparer.Ordinal)
    {
        [DcrChannel] = new()
        {
            Latch = false, OnDelay = TimeSpan.FromSeconds(3), RunStates = [RunState.Running], SettleOnRunChange = true,
            Guidance = "Open the channel's history. A single dead or hot channel: note it in the shift log and tell the PMT expert; several on one GCU: see the GCU alarm.",
        },
        [DcrGcu] = new()
        {
            OnDelay = TimeSpan.FromSeconds(3), RunStates = [RunState.Running], SettleOnRunChange = true,
            Guidance = "Many channels of one GCU are bad at once: check the GCU's power and its DAQ server before the channels. Call the electronics on-call.",
        },
        [NetLink] = new() { Guidance = "Check the port's counters and the cable; if it is a server's only uplink, the server is cut off. Call the network on-call." },
        [NetUnreachable] = new() { Guidance = "The device does not answer. If a switch: everything behind it is cut off. Check power and the uplink; call the network on-call." },
        [NetErrors] = new() { Latch = false, OffDelay = TimeSpan.FromSeconds(30), Guidance = "Errors on a port usually mean a bad cable or optic. Note it; call the network expert if it grows." },
        [NetUtilization] = new() { Latch = false, OffDelay = TimeSpan.FromSeconds(30), Guidance = "A port near its capacity drops data. Check what is sending; tell the DAQ expert." },
        [Collector] = new() { Latch = false, Guidance = "The console cannot read this source: what it shows from there is stale. See the Collectors page for the error." },
        [RunError] = new() { Guidance = "The run is in error. Follow the run-control procedure; call the run coordinator." },
        [Metric] = new() { Latch = false, OffDelay = TimeSpan.FromSeconds(30), Guidance = "A data-quality metric is outside its limits. Open its trend on the Metrics page; tell the DAQ expert if it persists." },
        [DcsLimit] = new() { Latch = false, OffDelay = TimeSpan.FromSeconds(10), Guidance = "A slow-control channel is outside its limits or has tripped. Open it on the DCS page; follow the channel's own guidance and call the DCS expert." },
        [Phoebus] = new() { Latch = false, Guidance = "An EPICS alarm of the detector control system. Follow the PV's own guidance; call the DCS expert." },
        [Service] = new() { Guidance = "Open the service's detail on the Services page; restart it only as its procedure says." },
    };
}
