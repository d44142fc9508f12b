using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>
/// The simulator's supervisord: one host with the monitoring processes a site runs under supervisord. One of them
/// exits now and then and supervisord brings it back (EXITED, BACKOFF, RUNNING with a new pid); experts start, stop
/// and restart them as they would a real one, with the same names and the same refusals (ALREADY_STARTED, NOT_RUNNING).
/// </summary>
public sealed class SimulatedSupervisor : IProcessControl, IProcessLogs
{
    public const string Instance = "sim-mon";

    private static readonly string[] Programs = ["mon:dcr-monitor", "mon:dq-checker", "mon:trigger-rates", "mon:hv-logger", "mon:env-logger"];

    // dq-checker exits once per cycle and is back after the back-off.
    private const int Crasher = 1;
    private static readonly TimeSpan CrashEvery = TimeSpan.FromMinutes(7);
    private static readonly TimeSpan BackOff = TimeSpan.FromSeconds(10);

    private readonly LiveStore _store;
    private readonly Lock _gate = new();
    private readonly Proc[] _procs;
    private int _nextPid;
    private DateTimeOffset _nextCrash;

    public SimulatedSupervisor(LiveStore store, int seed)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        var now = store.Time.GetUtcNow();
        _nextPid = 4000 + Math.Abs(seed % 20_000);
        _procs = [.. Programs.Select(_ => new Proc { State = "RUNNING", Pid = NextPid(), Since = now - TimeSpan.FromHours(3) })];
        _nextCrash = now + CrashEvery;
    }

    public static string HostName => SupervisorCollector.HostServiceName(Instance);

    public void Step(DateTimeOffset now)
    {
        lock (_gate)
        {
            var c = _procs[Crasher];
            if (c.State == "RUNNING" && now >= _nextCrash)
            {
                (c.State, c.ExitStatus, c.Since) = ("BACKOFF", 1, now);
                _nextCrash = now + CrashEvery;
            }
            else if (c.State == "BACKOFF" && now - c.Since >= BackOff)
            {
                (c.State, c.Pid, c.Since) = ("RUNNING", NextPid(), now);
            }
            Report(now);
        }
    }

    public static string GroupName => SupervisorCollector.ServiceName(Instance, "mon");

    public bool Handles(string service) => Index(service) >= 0 || service == GroupName;

    public bool HasLogs(string service) => Index(service) >= 0;

    /// <summary>What the monitoring processes print: a line every 10 s of their life, and the crash's traceback on stderr.</summary>
    public Task<ProcessLogTail> TailAsync(string service, CancellationToken ct)
    {
        var i = Index(service);
        if (i < 0) throw new ArgumentException($"'{service}' is not a simulated supervisord process.", nameof(service));
        var now = _store.Time.GetUtcNow();
        lock (_gate)
        {
            var p = _procs[i];
            var program = Programs[i].Split(':')[1];
            var lines = new List<string>();
            for (var t = now - TimeSpan.FromSeconds(Math.Min(600, (now - p.Since).TotalSeconds) - (now - p.Since).TotalSeconds % 10); t <= now; t += TimeSpan.FromSeconds(10))
                if (p.State == "RUNNING") lines.Add($"{t:yyyy-MM-dd HH:mm:ss} INFO {program}[{p.Pid}]: cycle done, {(t.Second * 7) + 120} entries");
            var stderr = i == Crasher && p.ExitStatus != 0
                ? $"Traceback (most recent call last):\n  File \"/opt/mon/{program}.py\", line 88, in <module>\n    main()\nConnectionResetError: [Errno 104] Connection reset by peer\n"
                : "";
            var stdout = string.Join('\n', lines) + (lines.Count > 0 ? "\n" : "");
            return Task.FromResult(new ProcessLogTail(stdout.Length > SupervisorCollector.TailBytes ? stdout[^SupervisorCollector.TailBytes..] : stdout, stderr, now));
        }
    }

    public async Task ControlAsync(string service, ProcessAction action, CancellationToken ct)
    {
        if (service == GroupName)
        {
            // The whole group, as supervisord does it: each process that can take the action takes it.
            foreach (var name in Programs)
            {
                try
                {
                    await ControlAsync(SupervisorCollector.ServiceName(Instance, name), action, ct);
                }
                catch (SupervisorFaultException)
                {
                }
            }
            return;
        }
        await ControlOneAsync(service, action);
    }

    private Task ControlOneAsync(string service, ProcessAction action)
    {
        var i = Index(service);
        if (i < 0) throw new ArgumentException($"'{service}' is not a simulated supervisord process.", nameof(service));
        lock (_gate)
        {
            var p = _procs[i];
            var now = _store.Time.GetUtcNow();
            var running = p.State is "RUNNING" or "BACKOFF" or "STARTING";
            switch (action)
            {
                case ProcessAction.Start when running:
                    throw new SupervisorFaultException(60, "ALREADY_STARTED: " + Programs[i]);
                case ProcessAction.Stop when !running:
                    throw new SupervisorFaultException(70, "NOT_RUNNING: " + Programs[i]);
                case ProcessAction.Stop:
                    (p.State, p.ExitStatus, p.Since) = ("STOPPED", 0, now);
                    break;
                case ProcessAction.Start or ProcessAction.Restart:
                    (p.State, p.Pid, p.Since) = ("RUNNING", NextPid(), now);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(action), action, null);
            }
            Report(now);
        }
        return Task.CompletedTask;
    }

    private int Index(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        for (var i = 0; i < Programs.Length; i++)
            if (service == SupervisorCollector.ServiceName(Instance, Programs[i])) return i;
        return -1;
    }

    private int NextPid() => _nextPid = _nextPid >= 60_000 ? 4000 : _nextPid + 1 + (_nextPid % 7);

    private void Report(DateTimeOffset now)
    {
        var stamp = new SourceStamp(DetectorSimulator.SourceName, now);
        var rows = new List<SupervisorProcess>(_procs.Length);
        for (var i = 0; i < _procs.Length; i++)
        {
            var p = _procs[i];
            var (group, name) = (Programs[i].Split(':')[0], Programs[i].Split(':')[1]);
            var description = p.State switch
            {
                "RUNNING" => $"pid {p.Pid}",
                "BACKOFF" => "Exited too quickly (process log may have details)",
                _ => "Not started",
            };
            rows.Add(new SupervisorProcess(group, name, p.State, p.Pid, now - p.Since, p.ExitStatus, description));
        }
        foreach (var r in SupervisorCollector.Rows(Instance, rows, stamp)) _store.Services.Report(r);
        _store.Services.Report(new ServiceHealth(HostName, SupervisorCollector.HostKind, ServiceState.Up, $"{_procs.Length} processes", stamp));
    }

    private sealed class Proc
    {
        public string State { get; set; } = "";
        public int Pid { get; set; }
        public DateTimeOffset Since { get; set; }
        public int ExitStatus { get; set; }
    }
}
