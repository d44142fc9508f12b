using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>The console's own health, the run and the services: a collector failing, the run in error, a service not up.</summary>
public sealed class ConsoleAlarmRules
{
    private readonly SignalSet _set = new();

    public SignalSet Signals => _set;

    public List<AlarmSignal> Evaluate(LiveStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = store.Time.GetUtcNow();
        var active = new List<AlarmSignal>();
        foreach (var c in store.Collectors.Snapshot())
        {
            if (c.State != CollectorState.Retrying) continue;
            active.Add(new AlarmSignal("console/collector/" + c.Name, true, AlarmSeverity.Major,
                $"Collector {c.Name} cannot read {c.Source}: {c.LastError ?? "no answer"}")
            {
                Source = BuiltInRules.Source, Rule = BuiltInRules.Collector, Subject = "collector:" + c.Name,
                Labels = new Dictionary<string, string> { ["area"] = "console", ["collector"] = c.Name, ["source"] = c.Source },
                Links = [new AlarmLink("Collectors", "collectors")],
            });
        }
        if (store.Run.Snapshot().Status is { State: RunState.Error } run)
            active.Add(new AlarmSignal("run/error", true, AlarmSeverity.Critical, $"Run {run.RunNumber} is in error{(run.StopReason is { } r ? ": " + r : "")}")
            {
                Source = BuiltInRules.Source, Rule = BuiltInRules.RunError,
                Labels = new Dictionary<string, string> { ["area"] = "run", ["run"] = run.RunNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Links = [new AlarmLink("Run", "run")],
            });
        foreach (var s in store.Services.Snapshot())
        {
            // A stale row is the collector's alarm; only a fresh "not up" is the service's.
            if (s.State is ServiceState.Up or ServiceState.Unknown || store.ServiceFreshness(s, now) != Freshness.Fresh) continue;
            active.Add(new AlarmSignal("svc/" + s.Name, true, s.State == ServiceState.Down ? AlarmSeverity.Major : AlarmSeverity.Minor,
                $"Service {s.Name} ({s.Kind}) is {s.State.ToString().ToLowerInvariant()}{(s.Detail is { } d ? ": " + d : "")}")
            {
                Source = BuiltInRules.Source, Rule = BuiltInRules.Service, Subject = "service:" + s.Name,
                Labels = new Dictionary<string, string> { ["area"] = "services", ["service"] = s.Name, ["kind"] = s.Kind },
                Links = [new AlarmLink("Services", "services")],
            });
        }
        return _set.Diff(active);
    }
}
