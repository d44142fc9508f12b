using Microsoft.Extensions.Logging;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Phoebus;

/// <summary>
/// The records of a Phoebus alarm configuration topic into the store, for the Kafka collector and the simulated
/// alarm server alike: the tree into the DCS area, each PV into the console's one alarm list (source "phoebus", its
/// path as labels, its guidance as guidance), acknowledgements made in Phoebus (a *_ACK severity) onto the console's
/// alarm, and an unacknowledgement made there withdrawing it. Damaged records are counted and logged once a minute.
/// </summary>
public sealed class PhoebusIngest(LiveStore store, CollectorHealth health, ILogger logger, string config)
{
    public const string AlarmSource = "phoebus";
    public const string KeyPrefix = "phoebus:";
    public const string PhoebusUser = "Phoebus";

    private readonly MalformedLog _malformedLog = new();
    private readonly Dictionary<string, DcsAlarmNode> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);

    public string Config => config;

    public bool Handles(string key) => key?.StartsWith(KeyPrefix + "/" + config + "/", StringComparison.Ordinal) == true;

    /// <summary>Applies records in order: the tree, then the alarms, then acknowledgements made in Phoebus.</summary>
    public void Apply(IReadOnlyList<(string? Key, byte[]? Value)> records)
    {
        var upserts = new Dictionary<string, DcsAlarmNode>(StringComparer.Ordinal);
        var removed = new List<string>();
        var signals = new Dictionary<string, AlarmSignal>(StringComparer.Ordinal);
        var acks = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            var (kind, path, node, error) = PhoebusMessages.Parse(r.Key, r.Value, _nodes.GetValueOrDefault(PathOf(r.Key)));
            if (error is not null)
            {
                Malformed(r.Key ?? "", error, r.Value);
                continue;
            }
            switch (kind)
            {
                case PhoebusRecordKind.Deleted:
                    _nodes.Remove(path);
                    _deleted.Add(path);
                    upserts.Remove(path);
                    removed.Add(path);
                    signals[path] = new AlarmSignal(KeyPrefix + path, false, AlarmSeverity.Warning, "deleted from the alarm configuration") { Source = AlarmSource, Rule = AlarmSource };
                    acks.Remove(path);
                    break;
                case PhoebusRecordKind.Config:
                    _deleted.Remove(path);
                    Put(path, node!);
                    break;
                case PhoebusRecordKind.State when !_deleted.Contains(path):
                    var before = _nodes.GetValueOrDefault(path)?.Severity ?? PhoebusSeverity.Ok;
                    Put(path, node!);
                    if (node!.IsLeaf)
                    {
                        if (PhoebusMessages.IsAcknowledged(node.Severity)) acks[path] = true;
                        // Only a change from acknowledged to not, made in Phoebus, withdraws the console's acknowledgement.
                        else if (PhoebusMessages.IsAcknowledged(before) && node.Severity != PhoebusSeverity.Ok) acks[path] = false;
                    }
                    break;
            }

            void Put(string p, DcsAlarmNode n)
            {
                _nodes[p] = n;
                upserts[p] = n;
                if (n.IsLeaf) signals[p] = Signal(n);
            }
        }
        store.Dcs.AlarmTree.Apply([.. upserts.Values], removed);
        var result = store.Alarms.Submit([.. signals.Values]);
        if (!result.AllAccepted) logger.LogWarning("Phoebus: {Count} alarms refused, e.g. {Error}", result.Errors.Count, result.Errors[0]);
        foreach (var (path, acknowledged) in acks)
        {
            if (store.Alarms.Find(KeyPrefix + path) is not { } alarm) continue;
            if (acknowledged && alarm.Acknowledged is null && alarm.NeedsAcknowledgement)
                store.Alarms.Acknowledge(alarm.Key, alarm.Activation, PhoebusUser, "acknowledged in Phoebus");
            else if (!acknowledged && alarm.Acknowledged is not null)
                store.Alarms.Unacknowledge(alarm.Key, PhoebusUser, "unacknowledged in Phoebus");
        }
        health.CountReceived(records.Count);
        health.SetGauge(CollectorGauges.AlarmItems, _nodes.Count);
    }

    private AlarmSignal Signal(DcsAlarmNode n)
    {
        var severity = n.Severity switch
        {
            PhoebusSeverity.Minor or PhoebusSeverity.MinorAck => AlarmSeverity.Minor,
            _ => AlarmSeverity.Major,
        };
        var active = n.Enabled && n.Severity != PhoebusSeverity.Ok;
        var what = n.Description is { Length: > 0 } d ? d : n.Name;
        var message = active ? $"{what}: {n.Message ?? PhoebusMessages.Name(n.Severity)}{(n.Value is { Length: > 0 } v ? " (" + v + ")" : "")}" : what;
        var parts = n.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["area"] = "dcs", ["config"] = config, ["path"] = Clip(n.Path), ["pv"] = Clip(n.Name) };
        if (parts.Length > 2) labels["system"] = Clip(parts[1]);
        return new AlarmSignal(KeyPrefix + n.Path, active, severity, message.Length > AlarmSignal.MaxMessageLength ? message[..AlarmSignal.MaxMessageLength] : message)
        {
            Source = AlarmSource, Rule = AlarmSource, Labels = labels, At = n.Time,
            Guidance = n.Guidance.Count > 0 ? string.Join("\n", n.Guidance.Select(g => g.Title + ": " + g.Details)) : null,
            Links = [new AlarmLink("DCS alarm tree", "dcs?alarm=" + Uri.EscapeDataString(n.Path))],
        };
    }

    private static string Clip(string s) => s.Length <= AlarmSignal.MaxLabelLength ? s : s[..AlarmSignal.MaxLabelLength];

    private static string PathOf(string? key)
    {
        var i = key?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return i < 0 ? "" : key![(i + 1)..];
    }

    private void Malformed(string key, string error, byte[]? value)
    {
        health.CountMalformed(config, 1);
        if (!_malformedLog.ShouldLog(config, store.Time.GetUtcNow())) return;
        logger.LogWarning("Phoebus: a record on {Topic} was skipped: {Error}; key {Key}, e.g. {Example} (further ones are counted, logged again in a minute)",
            config, error, key, PhoebusMessages.Example(value));
    }

}
