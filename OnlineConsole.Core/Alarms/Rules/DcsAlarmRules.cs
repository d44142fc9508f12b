using System.Globalization;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>
/// Slow-control channels outside their limits or tripped. Only fresh channels are judged: with the broker down every
/// channel is stale and the one alarm is the collector's, not one per channel.
/// </summary>
public sealed class DcsAlarmRules
{
    private readonly SignalSet _set = new();

    public SignalSet Signals => _set;

    public List<AlarmSignal> Evaluate(LiveStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = store.Time.GetUtcNow();
        var active = new List<AlarmSignal>();
        foreach (var c in store.Dcs.OutOfLimits())
        {
            if (c.Latest is not { } r || store.DcsFreshness(c, now) != Freshness.Fresh) continue;
            var state = c.Check(r);
            if (state == DcsLimitState.Within) continue;
            var message = state == DcsLimitState.Trip
                ? $"{c.Group} {c.Name} has tripped"
                : $"{c.Group} {c.Name} is {r.Value.ToString("0.###", CultureInfo.InvariantCulture)} {c.Unit}, {(state == DcsLimitState.High ? "above" : "below")} its limit ({c.Limits})";
            active.Add(new AlarmSignal("dcs/" + c.Id, true, c.Point.Severity, message)
            {
                Source = BuiltInRules.Source, Rule = BuiltInRules.DcsLimit, Guidance = c.Point.Guidance,
                Subject = "dcs:" + c.Group,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["area"] = "dcs", ["group"] = c.Group, ["channel"] = c.Name, ["kind"] = c.Kind.ToString() },
                Links = [new AlarmLink("DCS", "dcs?channel=" + Uri.EscapeDataString(c.Id))],
            });
        }
        return _set.Diff(active);
    }
}
