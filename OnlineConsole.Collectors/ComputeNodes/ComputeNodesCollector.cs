using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.ComputeNodes;

/// <summary>
/// Every interval, a few instant queries to Prometheus' HTTP API, all at once: each node-exporter target up or down,
/// CPU busy, memory used, load per CPU, the fullest file system, network errors per second. Each node is a service row
/// named after its server (the node label without its port, as the network topology names servers), under one
/// "compute nodes" row that counts them; a node down or over a threshold says which.
/// </summary>
public sealed class ComputeNodesCollector : PollingCollector
{
    public const string Kind = ComputeNodeRows.Kind;
    public const string GroupKind = ComputeNodeRows.GroupKind;
    public const string GroupName = ComputeNodeRows.GroupName;

    private readonly ComputeNodesOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly string _shown;
    private readonly MalformedLog _malformedLog = new();
    private readonly ILogger _logger;

    public ComputeNodesCollector(LiveStore store, IOptions<ComputeNodesOptions> options, ILogger<ComputeNodesCollector> logger, HttpMessageHandler? handler = null)
        : base(store, logger, "compute-nodes", "prometheus", options?.Value.PollInterval ?? TimeSpan.FromSeconds(15), "Prometheus")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        var url = new Uri(_options.PrometheusUrl.TrimEnd('/') + "/");
        _api = new Uri(url, "api/v1/query");
        _shown = new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        if (url.UserInfo.Length > 0)
            _http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
    }

    public static string ServiceName(string node) => ComputeNodeRows.Name(node);

    protected override int TargetCount => 1;

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private string Sel(string extra = "") => $"job=~\"{_options.Job}\"{extra}";

    private string By => _options.NodeLabel;

    protected override async Task<int> PollTargetsAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_options.Timeout);
        var queries = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["up"] = $"up{{{Sel()}}}",
            ["cpu"] = $"1 - avg by ({By}) (rate(node_cpu_seconds_total{{{Sel(",mode=\"idle\"")}}}[1m]))",
            ["cpus"] = $"count by ({By}) (node_cpu_seconds_total{{{Sel(",mode=\"idle\"")}}})",
            ["mem"] = $"1 - max by ({By}) (node_memory_MemAvailable_bytes{{{Sel()}}}) / max by ({By}) (node_memory_MemTotal_bytes{{{Sel()}}})",
            ["load"] = $"max by ({By}) (node_load1{{{Sel()}}})",
            ["disk"] = $"max by ({By}) (1 - node_filesystem_avail_bytes{{{Sel(",fstype!~\"tmpfs|ramfs|overlay|squashfs|nsfs\"")}}} / node_filesystem_size_bytes{{{Sel(",fstype!~\"tmpfs|ramfs|overlay|squashfs|nsfs\"")}}})",
            ["neterr"] = $"sum by ({By}) (rate(node_network_receive_errs_total{{{Sel()}}}[1m]) + rate(node_network_transmit_errs_total{{{Sel()}}}[1m]))",
        };
        Dictionary<string, Dictionary<string, double>> results;
        try
        {
            var answers = await Task.WhenAll(queries.Select(async q => (q.Key, Values: await QueryAsync(q.Value, cts.Token))));
            results = answers.ToDictionary(a => a.Key, a => a.Values, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Report(ServiceState.Down, e is OperationCanceledException
                ? $"Prometheus {_shown} did not answer within {_options.Timeout.TotalSeconds:0.#} s"
                : $"Prometheus {_shown} unreachable: {FirstLine(e.Message)}", []);
            return 0;
        }
        catch (InvalidDataException e)
        {
            Health.CountMalformed(_shown, 1);
            if (_malformedLog.ShouldLog(_shown, Time.GetUtcNow())) LogMalformed(_shown, e.Message);
            Report(ServiceState.Down, "malformed reply from Prometheus: " + e.Message, []);
            return 0;
        }
        Health.CountReceived();
        var now = Time.GetUtcNow();
        var stamp = new SourceStamp("prometheus", now);
        var nodes = results["up"].Keys.Order(StringComparer.Ordinal).ToList();
        var down = 0;
        var degraded = 0;
        foreach (var node in nodes)
        {
            double? Get(string q) => results[q].TryGetValue(node, out var v) && double.IsFinite(v) ? v : null;
            var up = Get("up") == 1;
            List<KeyValuePair<string, string>> facts = [new("Node.Fact.Target", up ? "up" : "down")];
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            if (up) foreach (var (key, query) in new[] { ("cpu", "cpu"), ("memory", "mem"), ("disk", "disk") }) if (Get(query) is { } v) values[key] = v;
            var problems = new List<string>();
            if (Get("cpu") is { } cpu) facts.Add(new("Node.Fact.Cpu", Percent(cpu)));
            if (Get("mem") is { } mem)
            {
                facts.Add(new("Node.Fact.Memory", Percent(mem)));
                if (mem > _options.MemoryWarning) problems.Add($"memory {Percent(mem)} used");
            }
            if (Get("load") is { } load) facts.Add(new("Node.Fact.Load", Get("cpus") is { } n && n > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{load:0.00} ({load / n:0.00} per CPU, {n:0} CPUs)")
                : load.ToString("0.00", CultureInfo.InvariantCulture)));
            if (Get("disk") is { } disk)
            {
                facts.Add(new("Node.Fact.Disk", Percent(disk)));
                if (disk > _options.DiskFillWarning) problems.Add($"disk {Percent(disk)} full");
            }
            if (Get("neterr") is { } err)
            {
                facts.Add(new("Node.Fact.NetErrors", err.ToString("0.##", CultureInfo.InvariantCulture) + "/s"));
                if (err > _options.NetworkErrorsWarning) problems.Add(string.Create(CultureInfo.InvariantCulture, $"{err:0.##} network errors/s"));
            }
            // A target that is down has no fresh numbers: only what says so.
            var state = !up ? ServiceState.Down : problems.Count > 0 ? ServiceState.Degraded : ServiceState.Up;
            if (state == ServiceState.Down) { down++; facts = [facts[0]]; }
            else if (state == ServiceState.Degraded) degraded++;
            var detail = state switch
            {
                ServiceState.Down => "target down: scrape fails",
                ServiceState.Degraded => string.Join("; ", problems),
                _ => string.Join(", ", facts.Skip(1).Take(3).Select(f => f.Key switch { "Node.Fact.Cpu" => "CPU " + f.Value, "Node.Fact.Memory" => "memory " + f.Value, "Node.Fact.Load" => "load " + f.Value.Split(' ')[0], _ => f.Value })),
            };
            Store.Services.Report(new ServiceHealth(ServiceName(node), Kind, state, detail, stamp) { Parent = GroupName, Facts = facts, Values = values });
        }
        // One node of a hundred down is a degraded farm, not a dead one; all down (or none known) is down.
        Report(nodes.Count == 0 || down == nodes.Count ? ServiceState.Down : down + degraded > 0 ? ServiceState.Degraded : ServiceState.Up,
            nodes.Count == 0 ? $"no target of job {_options.Job} in Prometheus" : $"{nodes.Count - down} of {nodes.Count} node(s) up" + (degraded > 0 ? $", {degraded} degraded" : ""),
            [new("Node.Fact.Prometheus", _shown), new("Node.Fact.Nodes", nodes.Count.ToString(CultureInfo.InvariantCulture))]);
        return 1;
    }

    private void Report(ServiceState state, string detail, List<KeyValuePair<string, string>> facts) =>
        Store.Services.Report(new ServiceHealth(GroupName, GroupKind, state, detail, new SourceStamp("prometheus", Time.GetUtcNow())) { Facts = facts });

    /// <summary>One instant query: the value of each series by node (the node label without its port).</summary>
    private async Task<Dictionary<string, double>> QueryAsync(string query, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(_api + "?query=" + Uri.EscapeDataString(query)), HttpCompletionOption.ResponseHeadersRead, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"HTTP {(int)response.StatusCode}, not JSON ({FirstLine(e.Message)})", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status))
                throw new InvalidDataException($"HTTP {(int)response.StatusCode}, no status in the reply");
            if (status.GetString() != "success")
                throw new InvalidDataException($"query refused: {(root.TryGetProperty("error", out var err) ? err.GetString() : "no error given")}");
            if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException("no data.result array");
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var series in result.EnumerateArray())
            {
                if (!series.TryGetProperty("metric", out var metric) || !metric.TryGetProperty(By, out var label) || label.GetString() is not { Length: > 0 } name) continue;
                if (!series.TryGetProperty("value", out var pair) || pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                    || !double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new InvalidDataException($"a series of '{query}' has no [time, \"value\"] pair");
                values[Node(name)] = v;
            }
            return values;
        }
    }

    /// <summary>"hd001:9100" -> "hd001"; an IPv6 "[::1]:9100" -> "::1".</summary>
    public static string Node(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.StartsWith('[') && label.IndexOf(']', StringComparison.Ordinal) is > 0 and var close) return label[1..close];
        var colon = label.LastIndexOf(':');
        return colon > 0 && label.IndexOf(':', StringComparison.Ordinal) == colon ? label[..colon] : label;
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0", CultureInfo.InvariantCulture) + " %";


    private void LogMalformed(string source, string problem) =>
        _logger.LogWarning("Malformed reply from Prometheus {Source}: {Problem} (logged once a minute)", source, problem);
}
