using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Ceph;

/// <summary>
/// Runs `ceph status --format json` for each configured cluster every interval and writes one row per cluster:
/// HEALTH_OK up, HEALTH_WARN degraded, HEALTH_ERR down, with its health checks, monitors in quorum, OSDs up and in,
/// placement-group states and usage. A cluster whose monitors do not answer in time is down with ceph's own words.
/// </summary>
public sealed class CephCollector : PollingCollector
{
    public const string Kind = "ceph cluster";
    private const string Source = "ceph";
    private readonly CephOptions _options;

    public CephCollector(LiveStore store, IOptions<CephOptions> options, ILogger<CephCollector> logger)
        : base(store, logger, "ceph", Source, options?.Value.PollInterval ?? TimeSpan.FromSeconds(15), "Ceph cluster")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public static string ServiceName(string cluster) => $"ceph/{cluster}";

    protected override int TargetCount => _options.Clusters.Count;

    protected override async Task<int> PollTargetsAsync(CancellationToken ct) =>
        (await Task.WhenAll(_options.Clusters.Select(c => PollAsync(c, ct)))).Count(ok => ok);

    private async Task<bool> PollAsync(CephClusterOptions c, CancellationToken ct)
    {
        var name = ServiceName(c.Name);
        string? error;
        try
        {
            var json = await RunAsync(c, ct);
            Health.CountReceived(1);
            try
            {
                Store.Services.Report(Row(name, json, new SourceStamp(Source, Time.GetUtcNow())));
                return true;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                Health.CountMalformed(c.Name, 1);
                error = "malformed status: " + FirstLine(e.Message);
            }
        }
        catch (CephCommandException e)
        {
            error = e.Message;
        }
        Store.Services.Report(new ServiceHealth(name, Kind, ServiceState.Down, error, new SourceStamp(Source, Time.GetUtcNow())));
        return false;
    }

    private async Task<string> RunAsync(CephClusterOptions c, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.Command)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add("--conf");
        start.ArgumentList.Add(c.Conf);
        if (!string.IsNullOrWhiteSpace(c.Client))
        {
            start.ArgumentList.Add("--name");
            start.ArgumentList.Add(c.Client);
        }
        if (!string.IsNullOrWhiteSpace(c.Keyring))
        {
            start.ArgumentList.Add("--keyring");
            start.ArgumentList.Add(c.Keyring);
        }
        // ceph waits for a monitor for ever by default: give up a second before the poll's own timeout.
        start.ArgumentList.Add("--connect-timeout");
        start.ArgumentList.Add(Math.Max(1, (int)_options.Timeout.TotalSeconds - 1).ToString(CultureInfo.InvariantCulture));
        foreach (var a in (string[])["status", "--format", "json"]) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new CephCommandException($"{_options.Command} did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            var (output, errors) = (await stdout, await stderr);
            if (process.ExitCode != 0)
                throw new CephCommandException($"ceph status failed (exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {FirstLine(errors.Length > 0 ? errors : output)}");
            return output;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new CephCommandException($"no monitor answered within {_options.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The cluster's row from `ceph status --format json` (Pacific and later).</summary>
    public static ServiceHealth Row(string name, string json, SourceStamp stamp)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var health = root.GetProperty("health");
        var status = health.GetProperty("status").GetString() ?? throw new FormatException("health.status is null");
        var checks = health.TryGetProperty("checks", out var ch) && ch.ValueKind == JsonValueKind.Object
            ? ch.EnumerateObject().Select(c => (Code: c.Name, Severity: c.Value.GetProperty("severity").GetString() ?? "", Message: c.Value.GetProperty("summary").GetProperty("message").GetString() ?? ""))
                .OrderBy(c => c.Severity == "HEALTH_ERR" ? 0 : 1).ThenBy(c => c.Code, StringComparer.Ordinal).ToList()
            : [];
        var state = status switch
        {
            "HEALTH_OK" => ServiceState.Up,
            "HEALTH_WARN" => ServiceState.Degraded,
            "HEALTH_ERR" => ServiceState.Down,
            _ => ServiceState.Unknown,
        };
        var inv = CultureInfo.InvariantCulture;
        var quorum = root.TryGetProperty("quorum_names", out var q) ? q.EnumerateArray().Select(n => n.GetString()).ToList() : [];
        var mons = root.GetProperty("monmap").GetProperty("num_mons").GetInt32();
        var osd = root.GetProperty("osdmap");
        var pg = root.GetProperty("pgmap");
        var pgStates = pg.TryGetProperty("pgs_by_state", out var bs)
            ? string.Join(", ", bs.EnumerateArray().Select(s => $"{s.GetProperty("count").GetInt64().ToString(inv)} {s.GetProperty("state_name").GetString()}"))
            : "";
        var used = pg.TryGetProperty("bytes_used", out var u) ? u.GetDouble() : 0;
        var total = pg.TryGetProperty("bytes_total", out var t) ? t.GetDouble() : 0;
        var mgr = root.TryGetProperty("mgrmap", out var m) && m.TryGetProperty("available", out var a) && a.GetBoolean();
        var facts = new List<KeyValuePair<string, string>>
        {
            new("Ceph.Fact.Health", status),
            new("Ceph.Fact.Checks", checks.Count == 0 ? "none" : string.Join("; ", checks.Select(c => $"{c.Code}: {c.Message}"))),
            new("Ceph.Fact.Mons", $"{quorum.Count.ToString(inv)} of {mons.ToString(inv)} in quorum ({string.Join(", ", quorum)})"),
            new("Ceph.Fact.Osds", $"{osd.GetProperty("num_up_osds").GetInt32().ToString(inv)} up, {osd.GetProperty("num_in_osds").GetInt32().ToString(inv)} in, of {osd.GetProperty("num_osds").GetInt32().ToString(inv)}"),
            new("Ceph.Fact.Pgs", $"{pg.GetProperty("num_pgs").GetInt64().ToString(inv)}{(pgStates.Length > 0 ? ": " + pgStates : "")}"),
            new("Ceph.Fact.Usage", total > 0 ? string.Create(inv, $"{used / (1L << 40):0.00} of {total / (1L << 40):0.00} TiB ({used / total:P0})") : "no OSD capacity"),
            new("Ceph.Fact.Mgr", mgr ? "available" : "not available"),
        };
        var detail = checks.Count == 0 ? status : $"{status}: {checks[0].Message}{(checks.Count > 1 ? $" (+{(checks.Count - 1).ToString(inv)} more)" : "")}";
        var values = total > 0 ? new Dictionary<string, double>(StringComparer.Ordinal) { ["disk"] = used / total } : new Dictionary<string, double>(StringComparer.Ordinal);
        return new ServiceHealth(name, Kind, state, detail, stamp) { Facts = facts, Values = values };
    }
}

/// <summary>The ceph tool failed or gave up; the message is the tool's own first line.</summary>
public sealed class CephCommandException(string message) : Exception(message);
