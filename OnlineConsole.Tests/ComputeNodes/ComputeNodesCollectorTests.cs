using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.ComputeNodes;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.ComputeNodes;

/// <summary>
/// Compute nodes through a real Prometheus scraping a real node-exporter (Debian's prometheus and
/// prometheus-node-exporter): a node that answers, a target that does not, a threshold crossed, Prometheus itself
/// gone, and a reply that is not Prometheus'.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ComputeNodesCollectorTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-prom-").FullName;
    private readonly int _promPort = AppProcess.FreeTcpPort();
    private ExternalServer? _exporter;
    private ExternalServer? _prometheus;

    public async Task InitializeAsync()
    {
        var exporterPort = AppProcess.FreeTcpPort();
        _exporter = await ExternalServer.StartAsync("/usr/bin/prometheus-node-exporter",
            [$"--web.listen-address=127.0.0.1:{exporterPort}", "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
             "--collector.loadavg", "--collector.filesystem", "--collector.netdev"],
            new Uri($"http://127.0.0.1:{exporterPort}/metrics"));
        // hd001 is the exporter; hd002 a target nothing listens on.
        File.WriteAllText(Path.Combine(_dir, "prometheus.yml"), $$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["127.0.0.1:{{exporterPort}}"]
                    labels: { node: hd001 }
                  - targets: ["127.0.0.1:{{AppProcess.FreeTcpPort()}}"]
                    labels: { node: hd002 }
            """);
        _prometheus = await ExternalServer.StartAsync("/usr/bin/prometheus",
            [$"--config.file={_dir}/prometheus.yml", $"--storage.tsdb.path={_dir}/tsdb", $"--web.listen-address=127.0.0.1:{_promPort}"],
            new Uri($"http://127.0.0.1:{_promPort}/-/ready"));
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_exporter is not null) await _exporter.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static ComputeNodesCollector Collector(Core.Live.LiveStore store, string url, double diskWarning = 0.9) =>
        new(store, Options.Create(new ComputeNodesOptions { PrometheusUrl = url, NodeLabel = "node", Timeout = TimeSpan.FromSeconds(2), DiskFillWarning = diskWarning }),
            NullLogger<ComputeNodesCollector>.Instance);

    private static ServiceHealth? Row(Core.Live.LiveStore store, string name) => store.Services.Snapshot().SingleOrDefault(s => s.Name == name);

    [Fact]
    public async Task A_scraped_node_is_up_with_its_numbers_a_dead_target_is_down_and_the_farm_is_degraded()
    {
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, $"http://127.0.0.1:{_promPort}");
        var deadline = DateTime.UtcNow.AddSeconds(40);
        // rate() over 1 min needs two scrapes, and the dead target needs one failed scrape.
        while (!(Row(store, ComputeNodesCollector.ServiceName("hd001")) is { } n && n.Facts.Any(f => f.Key == "Node.Fact.Cpu")
                 && Row(store, ComputeNodesCollector.ServiceName("hd002")) is not null))
        {
            Assert.True(DateTime.UtcNow < deadline, "Prometheus never had both targets with CPU: " + _prometheus!.Log);
            await collector.PollOnceAsync(CancellationToken.None);
            await Task.Delay(500);
        }
        var hd001 = Row(store, ComputeNodesCollector.ServiceName("hd001"))!;
        Assert.Equal(ServiceState.Up, hd001.State);
        Assert.Equal(ComputeNodesCollector.GroupName, hd001.Parent);
        foreach (var fact in new[] { "Node.Fact.Cpu", "Node.Fact.Memory", "Node.Fact.Load", "Node.Fact.Disk", "Node.Fact.NetErrors" })
            Assert.Contains(hd001.Facts, f => f.Key == fact);
        Assert.Matches(@"^\d+ %$", hd001.Facts.Single(f => f.Key == "Node.Fact.Memory").Value);
        Assert.Matches(@"CPUs\)$", hd001.Facts.Single(f => f.Key == "Node.Fact.Load").Value);
        Assert.StartsWith("CPU ", hd001.Detail, StringComparison.Ordinal);

        var hd002 = Row(store, ComputeNodesCollector.ServiceName("hd002"))!;
        Assert.Equal(ServiceState.Down, hd002.State);
        Assert.StartsWith("target down", hd002.Detail, StringComparison.Ordinal);
        var farm = Row(store, ComputeNodesCollector.GroupName)!;
        Assert.Equal((ServiceState.Degraded, "1 of 2 node(s) up"), (farm.State, farm.Detail));

        // A threshold every real disk crosses: the node says which.
        var strict = TestStores.Create(TimeProvider.System);
        using var strictCollector = Collector(strict, $"http://127.0.0.1:{_promPort}", diskWarning: 0.0001);
        Assert.Equal(1, await strictCollector.PollOnceAsync(CancellationToken.None));
        var full = Row(strict, ComputeNodesCollector.ServiceName("hd001"))!;
        Assert.Equal(ServiceState.Degraded, full.State);
        Assert.Matches(@"disk \d+ % full", full.Detail!);
    }

    [Fact]
    public async Task Prometheus_gone_shows_as_down_and_a_reply_that_is_not_prometheus_is_counted_as_malformed()
    {
        var store = TestStores.Create(TimeProvider.System);
        using var gone = Collector(store, $"http://user:hunter2@127.0.0.1:{AppProcess.FreeTcpPort()}");
        Assert.Equal(0, await gone.PollOnceAsync(CancellationToken.None));
        var row = Row(store, ComputeNodesCollector.GroupName)!;
        Assert.Equal(ServiceState.Down, row.State);
        Assert.Contains("unreachable", row.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", row.Detail, StringComparison.Ordinal);

        using var listener = new HttpListener();
        var port = AppProcess.FreeTcpPort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await listener.GetContextAsync(); } catch (HttpListenerException) { return; } catch (ObjectDisposedException) { return; }
                var body = "<html>proxy error</html>"u8.ToArray();
                ctx.Response.StatusCode = 502;
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
        });
        var junkStore = TestStores.Create(TimeProvider.System);
        using var junk = Collector(junkStore, $"http://127.0.0.1:{port}");
        Assert.Equal(0, await junk.PollOnceAsync(CancellationToken.None));
        Assert.StartsWith("malformed reply from Prometheus: HTTP 502, not JSON", Row(junkStore, ComputeNodesCollector.GroupName)!.Detail, StringComparison.Ordinal);
        Assert.True(junk.Health.Snapshot().Malformed >= 1);
        listener.Stop();
        await serving;
    }

    [Theory]
    [InlineData("hd001:9100", "hd001")]
    [InlineData("hd001", "hd001")]
    [InlineData("[::1]:9100", "::1")]
    [InlineData("fe80::1", "fe80::1")]
    public void A_node_is_its_label_without_the_port(string label, string node) => Assert.Equal(node, ComputeNodesCollector.Node(label));
}
