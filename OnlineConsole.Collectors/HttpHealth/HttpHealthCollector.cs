using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.HttpHealth;

/// <summary>
/// GETs every configured health endpoint each interval, all at once (a hanging one costs its own timeout only): up when
/// the status (and body text) is what was asked for; a JSON body in Harbor's shape (<c>status</c> and
/// <c>components</c>) or Grafana's (<c>database</c>) names the unhealthy parts and makes the row degraded.
/// </summary>
public sealed class HttpHealthCollector : PollingCollector
{
    public const string Kind = "http";
    private const int MaxBody = 64 * 1024;

    private readonly HttpHealthOptions _options;
    private readonly HttpClient _http;

    public HttpHealthCollector(LiveStore store, IOptions<HttpHealthOptions> options, ILogger<HttpHealthCollector> logger, HttpMessageHandler? handler = null)
        : base(store, logger, "http-health", "http", options?.Value.PollInterval ?? TimeSpan.FromSeconds(10), "health endpoint")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public static string ServiceName(string check) => $"{Kind}/{check}";

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override int TargetCount => _options.Checks.Count;

    // Answered means any HTTP status came back, healthy or not.
    protected override async Task<int> PollTargetsAsync(CancellationToken ct) =>
        (await Task.WhenAll(_options.Checks.Select(c => CheckAsync(c, ct)))).Count(a => a);

    private async Task<bool> CheckAsync(HttpHealthCheckOptions check, CancellationToken ct)
    {
        var url = new Uri(check.Url);
        // Credentials in a URL are never shown.
        var shown = new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();
        List<KeyValuePair<string, string>> facts = [new("Http.Fact.Url", shown)];
        ServiceState state;
        string detail;
        var answered = false;
        var watch = Stopwatch.StartNew();
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_options.Timeout);
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var body = await ReadAsync(response, cts.Token);
            answered = true;
            Health.CountReceived();
            var ms = watch.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            var status = (int)response.StatusCode;
            facts.Add(new("Http.Fact.Status", $"{status} {response.ReasonPhrase}"));
            facts.Add(new("Http.Fact.Latency", ms + " ms"));
            if (status != check.ExpectStatus)
                (state, detail) = (ServiceState.Down, $"HTTP {status} {response.ReasonPhrase} (expected {check.ExpectStatus})");
            else if (check.ExpectBody is { Length: > 0 } expected && !body.Contains(expected, StringComparison.Ordinal))
                (state, detail) = (ServiceState.Degraded, $"HTTP {status}, but the body lacks '{expected}'");
            else if (Unhealthy(body) is { Count: > 0 } parts)
                (state, detail) = (ServiceState.Degraded, "unhealthy: " + string.Join(", ", parts));
            else
                (state, detail) = (ServiceState.Up, $"HTTP {status} in {ms} ms");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            (state, detail) = (ServiceState.Down, "unreachable: " + (e is OperationCanceledException ? $"no answer within {_options.Timeout.TotalSeconds:0.#} s" : e.Message));
        }
        Store.Services.Report(new ServiceHealth(ServiceName(check.Name), Kind, state, detail, new SourceStamp(Kind, Time.GetUtcNow())) { Facts = facts });
        return answered;
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxBody];
        var total = 0;
        int n;
        while (total < MaxBody && (n = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0) total += n;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>The parts a health JSON calls unhealthy: Harbor's components, Grafana's database; none for other bodies.</summary>
    public static IReadOnlyList<string> Unhealthy(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!body.TrimStart().StartsWith('{')) return [];
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var bad = new List<string>();
            if (root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array)
                foreach (var c in components.EnumerateArray())
                    if (c.TryGetProperty("status", out var s) && s.GetString() is { } v && v != "healthy")
                        bad.Add(c.TryGetProperty("name", out var name) ? $"{name.GetString()} ({v})" : v);
            if (bad.Count == 0 && root.TryGetProperty("status", out var overall) && overall.ValueKind == JsonValueKind.String && overall.GetString() is "unhealthy")
                bad.Add("status unhealthy");
            if (root.TryGetProperty("database", out var db) && db.ValueKind == JsonValueKind.String && db.GetString() != "ok")
                bad.Add($"database ({db.GetString()})");
            return bad;
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
