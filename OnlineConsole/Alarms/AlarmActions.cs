using System.Globalization;
using System.Text;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Security;

namespace OnlineConsole.Alarms;

/// <summary>
/// What operators do to alarms, through the one action service (authorized against the account's current role,
/// audited with who, from where, why and the states before and after). Acknowledging and shelving are shifter
/// actions; taking an alarm out of service is an expert's. The commands run where the alarms are kept: here, or on
/// the replica holding the lease.
/// </summary>
public sealed class AlarmActions(ActionService actions, LiveStore store, IEnumerable<IAlarmForwarder> forwarders, IAlarmCommands commands)
{
    /// <summary>Most alarms one bulk acknowledgement may name.</summary>
    public const int MaxBulk = 1000;

    /// <summary>Acknowledges the activations the operator saw; one that activated again since is left and named.</summary>
    public Task<ActionResult> AcknowledgeAsync(IReadOnlyList<(string Key, long Activation)> alarms, string comment)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        var target = alarms.Count == 1 ? alarms[0].Key : alarms.Count.ToString(CultureInfo.InvariantCulture) + " alarms";
        return actions.RunAsync(new ConsoleAction("alarm.ack", target, OperatorRole.Shifter, comment), async who =>
        {
            if (alarms.Count == 0) throw new ArgumentException("no alarm selected");
            if (alarms.Count > MaxBulk) throw new ArgumentException($"at most {MaxBulk} alarms at once");
            var results = new List<(string Key, AlarmCommandResult Result)>(alarms.Count);
            foreach (var a in alarms)
                results.Add((a.Key, await Run(new AlarmCommand(AlarmCommandKind.Acknowledge, a.Key, who.Name, comment ?? "") { Activation = a.Activation })));
            var audit = Audit(results, "acknowledged");
            // A source that keeps its own acknowledgements (Phoebus) is told, so its other clients see the same; the
            // acknowledgement here stands even when the source cannot be reached, and the audit says so.
            var failed = new List<string>();
            foreach (var (key, result) in results.Where(r => r.Result.Done))
            {
                if (forwarders.FirstOrDefault(f => f.Handles(key)) is not { } forwarder) continue;
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await forwarder.AcknowledgeAsync(key, who.Name, cts.Token);
                }
#pragma warning disable CA1031 // Any failure to reach the source is reported in the outcome, not thrown.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failed.Add($"{key}: {ex.Message}");
                }
            }
            return failed.Count == 0 ? audit : audit with { Outcome = audit.Outcome + "; not sent to the source: " + string.Join("; ", failed.Take(10)) };
        });
    }

    public Task<ActionResult> ShelveAsync(string key, TimeSpan duration, string reason) =>
        actions.RunAsync(new ConsoleAction("alarm.shelve", key, OperatorRole.Shifter, reason), async who =>
        {
            var until = store.Time.GetUtcNow() + duration;
            var r = await Run(new AlarmCommand(AlarmCommandKind.Shelve, key, who.Name, reason ?? "") { Until = until });
            return Audit([(key, r)], "shelved until " + until.ToString("u", CultureInfo.InvariantCulture));
        });

    public Task<ActionResult> UnshelveAsync(string key, string reason) =>
        actions.RunAsync(new ConsoleAction("alarm.unshelve", key, OperatorRole.Shifter, reason), async who =>
            Audit([(key, await Run(new AlarmCommand(AlarmCommandKind.Unshelve, key, who.Name, reason ?? "")))], "unshelved"));

    public Task<ActionResult> RemoveFromServiceAsync(string key, string reason) =>
        actions.RunAsync(new ConsoleAction("alarm.disable", key, OperatorRole.Expert, reason), async who =>
            Audit([(key, await Run(new AlarmCommand(AlarmCommandKind.RemoveFromService, key, who.Name, reason ?? "")))], "out of service"));

    public Task<ActionResult> ReturnToServiceAsync(string key, string reason) =>
        actions.RunAsync(new ConsoleAction("alarm.enable", key, OperatorRole.Expert, reason), async who =>
            Audit([(key, await Run(new AlarmCommand(AlarmCommandKind.ReturnToService, key, who.Name, reason ?? "")))], "in service"));

    private async Task<AlarmCommandResult> Run(AlarmCommand command)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await commands.RunAsync(command, cts.Token);
    }

    /// <summary>The audit of one or many alarm commands; when none was done, the reason is the error shown.</summary>
    private static ActionAudit Audit(IReadOnlyList<(string Key, AlarmCommandResult Result)> results, string what)
    {
        var done = results.Where(r => r.Result.Done).ToList();
        var problems = results.Where(r => !r.Result.Done).Select(r => $"{r.Key}: {r.Result.Problem}").ToList();
        if (done.Count == 0) throw new ArgumentException(string.Join("; ", problems));
        var outcome = new StringBuilder(what);
        if (results.Count > 1) outcome.Append(CultureInfo.InvariantCulture, $" {done.Count} of {results.Count}");
        if (problems.Count > 0) outcome.Append("; not done: ").Append(string.Join("; ", problems.Take(20)));
        return new ActionAudit(outcome.ToString(), States(done.Select(d => d.Result.Before)), States(done.Select(d => d.Result.After)));
    }

    private static string States(IEnumerable<Alarm?> alarms)
    {
        var text = string.Join(", ", alarms.Select(a => a is null ? "normal" : $"{a.Key}={a.State}#{a.Activation.ToString(CultureInfo.InvariantCulture)}"));
        return text.Length <= 2000 ? text : text[..2000] + "…";
    }
}
