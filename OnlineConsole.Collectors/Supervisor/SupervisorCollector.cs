using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Supervisor;

/// <summary>
/// Polls every configured supervisord and writes one service per process ("supervisord/&lt;host&gt;/group:name") plus
/// one per host. An unreachable host keeps its processes' last stamps, so they turn stale with their age.
/// </summary>
public sealed class SupervisorCollector : PollingCollector, IProcessControl, IProcessLogs
{
    public const string Kind = "supervisord";
    public const string HostKind = "supervisord host";
    public const string GroupKind = "supervisord group";

    /// <summary>How much of each log the detail panel shows.</summary>
    public const int TailBytes = 4096;
    private readonly SupervisorOptions _options;
    private readonly Dictionary<string, SupervisorClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SupervisorClient> _controlClients = new(StringComparer.Ordinal);

    public SupervisorCollector(LiveStore store, IOptions<SupervisorOptions> options, ILogger<SupervisorCollector> logger)
        : base(store, logger, "supervisord", "supervisord", options?.Value.PollInterval ?? TimeSpan.FromSeconds(5), "supervisord")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        foreach (var i in _options.Instances)
        {
            var url = new Uri(i.Url);
            _clients[i.Name] = new SupervisorClient(url, i.User, i.Password, _options.Timeout);
            _controlClients[i.Name] = new SupervisorClient(url, i.User, i.Password, _options.ControlTimeout);
        }
    }

    public static string ServiceName(string instance, string fullName) => $"{Kind}/{instance}/{fullName}";

    public static string HostServiceName(string instance) => $"{Kind}/{instance}";

    protected override int TargetCount => _clients.Count;

    protected override async Task<int> PollTargetsAsync(CancellationToken ct) =>
        (await Task.WhenAll(_clients.Select(c => PollHostAsync(c.Key, c.Value, ct)))).Count(r => r);

    private async Task<bool> PollHostAsync(string instance, SupervisorClient client, CancellationToken ct)
    {
        string? error;
        try
        {
            var processes = await client.GetAllProcessInfoAsync(ct);
            var stamp = new SourceStamp(Kind, Time.GetUtcNow());
            Health.CountReceived(processes.Count);
            var host = HostServiceName(instance);
            foreach (var r in Rows(instance, processes, stamp)) Store.Services.Report(r);
            Store.Services.Report(new ServiceHealth(host, HostKind, ServiceState.Up, $"{processes.Count} processes", stamp));
            return true;
        }
        catch (SupervisorMalformedException e)
        {
            Health.CountMalformed(instance, 1);
            error = $"malformed reply: {e.Message}";
        }
        catch (SupervisorAuthException e)
        {
            error = e.Message;
        }
        catch (SupervisorFaultException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            error = $"unreachable: {e.Message}";
        }
        Store.Services.Report(new ServiceHealth(HostServiceName(instance), HostKind, ServiceState.Down, error, new SourceStamp(Kind, Time.GetUtcNow())));
        return false;
    }

    /// <summary>Runs a start/stop/restart on one process ("group:name") or a whole group ("group"), then polls its host so the store shows the outcome.</summary>
    public async Task ControlAsync(string instance, string fullName, ProcessAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        if (!_controlClients.TryGetValue(instance, out var client)) throw new ArgumentException($"Unknown supervisord '{instance}'.", nameof(instance));
        if (!fullName.Contains(':', StringComparison.Ordinal))
        {
            // A group, as `supervisorctl restart group:*` does it: stop all, then start all.
            if (action is ProcessAction.Stop or ProcessAction.Restart) await client.GroupAsync(fullName, start: false, ct);
            if (action is ProcessAction.Start or ProcessAction.Restart) await client.GroupAsync(fullName, start: true, ct);
            await PollHostAsync(instance, _clients[instance], ct);
            return;
        }
        switch (action)
        {
            case ProcessAction.Start: await client.StartProcessAsync(fullName, ct); break;
            case ProcessAction.Stop: await client.StopProcessAsync(fullName, ct); break;
            case ProcessAction.Restart: await client.RestartProcessAsync(fullName, ct); break;
            default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
        await PollHostAsync(instance, _clients[instance], ct);
    }

    public bool Handles(string service) => Split(service) is not null;

    public Task ControlAsync(string service, ProcessAction action, CancellationToken ct) =>
        Split(service) is { } p ? ControlAsync(p.Instance, p.FullName, action, ct) : throw new ArgumentException($"'{service}' is not a supervisord process.", nameof(service));

    // "supervisord/<instance>/<group>:<name>" (a process) or "supervisord/<instance>/<group>" (a group) of a configured instance.
    private (string Instance, string FullName)? Split(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var parts = service.Split('/', 3);
        return parts.Length == 3 && parts[0] == Kind && _clients.ContainsKey(parts[1]) && parts[2].Length > 0 ? (parts[1], parts[2]) : null;
    }

    public bool HasLogs(string service) => Split(service) is { } p && p.FullName.Contains(':', StringComparison.Ordinal);

    public async Task<ProcessLogTail> TailAsync(string service, CancellationToken ct)
    {
        if (Split(service) is not { } p || !p.FullName.Contains(':', StringComparison.Ordinal)) throw new ArgumentException($"'{service}' is not a supervisord process.", nameof(service));
        var client = _clients[p.Instance];
        var stdout = client.TailAsync(p.FullName, stderr: false, TailBytes, ct);
        var stderr = client.TailAsync(p.FullName, stderr: true, TailBytes, ct);
        return new ProcessLogTail(await stdout, await stderr, Time.GetUtcNow());
    }

    public IReadOnlyCollection<string> Instances => _clients.Keys;

    public static ServiceState StateOf(string state) => state switch
    {
        "RUNNING" => ServiceState.Up,
        "STARTING" or "STOPPING" or "BACKOFF" => ServiceState.Degraded,
        "STOPPED" or "EXITED" or "FATAL" => ServiceState.Down,
        _ => ServiceState.Unknown,
    };

    /// <summary>
    /// A host's processes, each under its group's row when the group holds more than itself (a lone program is its
    /// own group in supervisord), else under the host; the same for a real supervisord and the simulator's.
    /// </summary>
    public static IEnumerable<ServiceHealth> Rows(string instance, IReadOnlyList<SupervisorProcess> processes, SourceStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(processes);
        foreach (var g in processes.GroupBy(p => p.Group, StringComparer.Ordinal))
        {
            var members = g.ToList();
            var grouped = members.Count > 1 || members[0].Name != g.Key;
            var parent = grouped ? ServiceName(instance, g.Key) : HostServiceName(instance);
            foreach (var p in members) yield return Row(instance, p, stamp) with { Parent = parent };
            if (!grouped) continue;
            var running = members.Count(p => p.State == "RUNNING");
            var state = running == members.Count ? ServiceState.Up : running == 0 ? ServiceState.Down : ServiceState.Degraded;
            yield return new ServiceHealth(parent, GroupKind, state, $"{running} of {members.Count} running", stamp)
            {
                Parent = HostServiceName(instance), Actions = [ProcessAction.Start, ProcessAction.Stop, ProcessAction.Restart],
            };
        }
    }

    /// <summary>A process's row under its host.</summary>
    public static ServiceHealth Row(string instance, SupervisorProcess p, SourceStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new ServiceHealth(ServiceName(instance, p.FullName), Kind, StateOf(p.State), Describe(p), stamp)
        {
            Parent = HostServiceName(instance), Facts = Facts(p), Actions = [ProcessAction.Start, ProcessAction.Stop, ProcessAction.Restart],
        };
    }

    private static KeyValuePair<string, string>[] Facts(SupervisorProcess p)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return p.State == "RUNNING"
            ? [new("Svc.Fact.State", p.State), new("Svc.Fact.Pid", p.Pid.ToString(inv)), new("Svc.Fact.Uptime", Uptime(p.Uptime)), new("Svc.Fact.Group", p.Group)]
            : [new("Svc.Fact.State", p.State), new("Svc.Fact.ExitStatus", p.ExitStatus.ToString(inv)), new("Svc.Fact.Description", p.Description), new("Svc.Fact.Group", p.Group)];
    }

    /// <summary>"3:00:17", or "2d 03:00:17" past a day.</summary>
    public static string Uptime(TimeSpan t) =>
        t.Days > 0 ? t.ToString(@"d\d\ hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : t.ToString(@"h\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(SupervisorProcess p) =>
        p.State == "RUNNING"
            ? $"{p.State} pid {p.Pid}"
            : $"{p.State} exit status {p.ExitStatus}: {p.Description}";
}
