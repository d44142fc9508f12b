using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.ComputeNodes;

/// <summary>
/// The compute nodes as a Prometheus server sees them through node-exporter (section "ComputeNodes"): no
/// <see cref="PrometheusUrl"/>, the collector does not run.
/// </summary>
public sealed class ComputeNodesOptions : IValidatableOptions
{
    public const string Section = "ComputeNodes";

    /// <summary>Prometheus' base address, e.g. http://prometheus.daq:9090 (credentials in it are never shown).</summary>
    public string PrometheusUrl { get; set; } = "";

    /// <summary>The scrape job(s) of node-exporter, as a regular expression.</summary>
    public string Job { get; set; } = "node";

    /// <summary>The label that names a node; its value's ":port" is dropped, so "hd001:9100" is the server hd001.</summary>
    public string NodeLabel { get; set; } = "instance";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node whose fullest file system is fuller than this is degraded.</summary>
    public double DiskFillWarning { get; set; } = 0.9;

    /// <summary>A node using more than this share of its memory is degraded.</summary>
    public double MemoryWarning { get; set; } = 0.95;

    /// <summary>A node with network errors above this many per second (all interfaces) is degraded.</summary>
    public double NetworkErrorsWarning { get; set; } = 1;

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(PrometheusUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            // Not repeated: a mistyped address may hold a password.
            yield return $"{Section}:PrometheusUrl must be an absolute http(s) address.";
        foreach (var e in PollingSettings.Check(Section, PollInterval, Timeout, TimeSpan.FromMilliseconds(500))) yield return e;
        if (string.IsNullOrWhiteSpace(Job) || Job.Contains('"', StringComparison.Ordinal)) yield return $"{Section}:Job must be a regular expression without quotes (is '{Job}').";
        if (!System.Text.RegularExpressions.Regex.IsMatch(NodeLabel, "^[A-Za-z_][A-Za-z0-9_]*$")) yield return $"{Section}:NodeLabel must be a label name (is '{NodeLabel}').";
        if (DiskFillWarning is <= 0 or > 1) yield return $"{Section}:DiskFillWarning must be above 0 and at most 1 (is {DiskFillWarning}).";
        if (MemoryWarning is <= 0 or > 1) yield return $"{Section}:MemoryWarning must be above 0 and at most 1 (is {MemoryWarning}).";
        if (NetworkErrorsWarning < 0) yield return $"{Section}:NetworkErrorsWarning must not be negative (is {NetworkErrorsWarning}).";
    }
}
