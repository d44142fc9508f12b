using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>
/// The simulator's supervisord: one host with the monitoring processes a site runs under supervisord. One of them
/// exits now and then and supervisord brings it back (EXITED, BACKOFF, RUNNING with a new pid); experts start, stop
/// and restart them as they would a real one, with the same names and the same refusals (ALREADY_STARTED, NOT_RUNNING).
/// </summary>
public sealed class SimulatedSupervisor : IProcessControl
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

    public bool Handles(string service) => Index(service) >= 0;

    public Task ControlAsync(string service, ProcessAction action, CancellationToken ct)
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
            _store.Services.Report(SupervisorCollector.Row(Instance, new SupervisorProcess(group, name, p.State, p.Pid, now - p.Since, p.ExitStatus, description), stamp));
        }
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
