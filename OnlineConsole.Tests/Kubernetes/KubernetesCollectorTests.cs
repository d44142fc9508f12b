using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Kubernetes;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Kubernetes;

/// <summary>
/// The Kubernetes collector with the real client library against a host that answers list and watch as the API
/// server does, from recorded API JSON: the first list, a pod going into CrashLoopBackOff through the watch, a watch
/// cut mid-stream (resumed from the last version, no new list), a 410 Gone (listed again, a deletion missed meanwhile
/// is gone), a malformed event, the server down and back, and the expert actions with RBAC refusing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KubernetesCollectorTests : IAsyncLifetime
{
    private const string Cluster = "test";
    private const string DqEngine = "k8s/test/ns/daq/deployment/dq-engine";
    private const string CrashPod = DqEngine + "/dq-engine-5f7b9c8d4-k8m2p";
    private KubeApiHost _api = null!;
    private LiveStore _store = null!;
    private KubernetesCollector _collector = null!;

    public async Task InitializeAsync()
    {
        _api = new KubeApiHost();
        _store = TestStores.Create(TimeProvider.System);
        _collector = Collector(_api.Url);
        await _collector.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Row(CrashPod) is not null, TimeSpan.FromSeconds(10), "the first list in the store");
    }

    public async Task DisposeAsync()
    {
        await _collector.StopAsync(CancellationToken.None);
        _collector.Dispose();
        await _api.DisposeAsync();
    }

    private KubernetesCollector Collector(string url) =>
        new(_store, Options.Create(new KubernetesOptions
        {
            Cluster = Cluster, Server = url, Namespaces = ["daq"], RefreshInterval = TimeSpan.FromSeconds(1), MergeWindow = TimeSpan.FromMilliseconds(50),
        }), NullLogger<KubernetesCollector>.Instance);

    private ServiceHealth? Row(string name) => _store.Services.Snapshot().SingleOrDefault(s => s.Name == name);

    private string Fact(string row, string key) => Row(row)!.Facts.Single(f => f.Key == key).Value;

    [Fact]
    public void The_first_list_builds_the_tree_with_nodes_workloads_pods_and_their_warnings()
    {
        Assert.Equal(ServiceState.Up, Row("k8s/test")!.State);
        Assert.Equal("2 nodes (2 ready), 5 pods (0 failing) in 1 namespaces", Row("k8s/test")!.Detail);
        // A node under disk pressure is degraded and says why; its requests are summed from the pods on it.
        var olk8s02 = Row("k8s/test/nodes/olk8s02")!;
        Assert.Equal((ServiceState.Degraded, "Ready, DiskPressure"), (olk8s02.State, olk8s02.Detail));
        Assert.Equal("k8s/test/nodes", olk8s02.Parent);
        Assert.Equal("v1.29.4", Fact("k8s/test/nodes/olk8s01", "K8s.Fact.Kubelet"));
        Assert.Equal("1.5 of 31.5 cores", Fact("k8s/test/nodes/olk8s01", "K8s.Fact.CpuRequested"));
        // Pods hang under their deployment (through the ReplicaSet's name) or statefulset.
        Assert.Equal((ServiceState.Up, "2/2 ready"), (Row(DqEngine)!.State, Row(DqEngine)!.Detail));
        Assert.Equal("k8s/test/ns/daq", Row(DqEngine)!.Parent);
        Assert.Equal(DqEngine, Row(CrashPod)!.Parent);
        Assert.NotNull(Row("k8s/test/ns/daq/statefulset/kafka/kafka-1"));
        var restarted = Row(DqEngine + "/dq-engine-5f7b9c8d4-w7n4r")!;
        Assert.Equal("Running 1/1 ready, 2 restarts", restarted.Detail);
        Assert.StartsWith("dq-engine: OOMKilled (exit 137) at 2026-12-06 23:12:45Z", Fact(restarted.Name, "K8s.Fact.LastTermination"), StringComparison.Ordinal);
        Assert.StartsWith("BackOff: Back-off restarting failed container dq-engine", Fact(restarted.Name, "K8s.Fact.Warning"), StringComparison.Ordinal);
        Assert.Equal(["k8s/test/nodes/olk8s02"], restarted.Related);
        Assert.Equal([ProcessAction.Delete], restarted.Actions);
        Assert.Equal([ProcessAction.Restart], Row(DqEngine)!.Actions);
        // Five lists, then one watch each from the list's version.
        foreach (var path in new[] { KubeApiHost.NodesPath, KubeApiHost.PodsPath, KubeApiHost.DeploymentsPath, KubeApiHost.StatefulSetsPath, KubeApiHost.EventsPath })
            Assert.Equal(1, _api.Lists(path));
        Assert.Contains("resourceVersion=184203", _api.Watches(KubeApiHost.PodsPath)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pod_going_into_crash_loop_back_off_through_the_watch_is_down_within_a_second()
    {
        await Poll.UntilAsync(() => _api.OpenWatches(KubeApiHost.PodsPath) == 1, TimeSpan.FromSeconds(5), "the pod watch open");
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(TestStores.RepoRoot(), "OnlineConsole.Tests", "Kubernetes", "recorded", "watch-pod-crashloop.json")))!;
        var sent = Stopwatch.StartNew();
        _api.Put(KubeApiHost.PodsPath, recorded["object"]!.AsObject());
        var took = await Poll.UntilAsync(() => Row(CrashPod)?.State == ServiceState.Down, TimeSpan.FromSeconds(1), "the pod down");
        Assert.StartsWith("CrashLoopBackOff: dq-engine back-off 40s", Row(CrashPod)!.Detail, StringComparison.Ordinal);
        Assert.EndsWith(", 4 restarts", Row(CrashPod)!.Detail, StringComparison.Ordinal);
        Assert.Contains("1 failing", Row("k8s/test")!.Detail, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(1), $"{took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_watch_cut_mid_stream_resumes_from_the_last_version_without_a_new_list()
    {
        await Poll.UntilAsync(() => _api.OpenWatches(KubeApiHost.DeploymentsPath) == 1, TimeSpan.FromSeconds(5), "the deployment watch open");
        var dep = _api.Get(KubeApiHost.DeploymentsPath, "daq", "dq-engine");
        dep["status"]!["readyReplicas"] = 1;
        var version = _api.Put(KubeApiHost.DeploymentsPath, dep);
        await Poll.UntilAsync(() => Row(DqEngine)?.State == ServiceState.Degraded, TimeSpan.FromSeconds(2), "1 of 2 ready");

        _api.BreakWatches();
        await Poll.UntilAsync(() => _api.Watches(KubeApiHost.DeploymentsPath).Count == 2 && _api.OpenWatches(KubeApiHost.DeploymentsPath) == 1,
            TimeSpan.FromSeconds(5), "the watch opened again");
        Assert.Contains($"resourceVersion={version}", _api.Watches(KubeApiHost.DeploymentsPath)[1], StringComparison.Ordinal);
        Assert.Equal(1, _api.Lists(KubeApiHost.DeploymentsPath));
        dep["status"]!["readyReplicas"] = 0;
        _api.Put(KubeApiHost.DeploymentsPath, dep);
        await Poll.UntilAsync(() => Row(DqEngine)?.State == ServiceState.Down, TimeSpan.FromSeconds(2), "0 of 2 ready after the resume");
        Assert.True(_collector.Counters.Resumes >= 1);
    }

    [Fact]
    public async Task A_410_gone_lists_again_and_a_deletion_missed_meanwhile_is_gone_from_the_tree()
    {
        await Poll.UntilAsync(() => _api.OpenWatches(KubeApiHost.PodsPath) == 1, TimeSpan.FromSeconds(5), "the pod watch open");
        // Deleted while the versions are compacted away: no DELETED event will ever say so.
        _api.Delete(KubeApiHost.PodsPath, "daq", "kafka-1", silently: true);
        _api.Expire();
        await Poll.UntilAsync(() => Row("k8s/test/ns/daq/statefulset/kafka/kafka-1") is null, TimeSpan.FromSeconds(5), "kafka-1 gone after the new list");
        Assert.Equal(2, _api.Lists(KubeApiHost.PodsPath));
        Assert.True(_collector.Counters.Relists >= 1);
        Assert.Equal(CollectorState.Running, _store.Collectors.Snapshot().Single(c => c.Name == "kubernetes").State);
    }

    [Fact]
    public async Task A_malformed_event_is_counted_and_the_next_one_still_applies()
    {
        await Poll.UntilAsync(() => _api.OpenWatches(KubeApiHost.PodsPath) == 1, TimeSpan.FromSeconds(5), "the pod watch open");
        _api.SendMalformed(KubeApiHost.PodsPath);
        var pod = _api.Get(KubeApiHost.PodsPath, "daq", "run-control-7c9d8f6b5-x2k4q");
        pod["status"]!["phase"] = "Failed";
        pod["status"]!["reason"] = "Evicted";
        _api.Put(KubeApiHost.PodsPath, pod);
        var row = "k8s/test/ns/daq/deployment/run-control/run-control-7c9d8f6b5-x2k4q";
        await Poll.UntilAsync(() => Row(row)?.State == ServiceState.Down, TimeSpan.FromSeconds(2), "the pod after the bad line");
        Assert.StartsWith("Failed: Evicted", Row(row)!.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _store.Collectors.Snapshot().Single(c => c.Name == "kubernetes").Malformed);
    }

    [Fact]
    public async Task The_server_gone_turns_every_row_stale_and_it_comes_back_fresh_without_a_restart()
    {
        var port = _api.Port;
        await _api.DisposeAsync();
        await Poll.UntilAsync(() => _store.Collectors.Snapshot().Single(c => c.Name == "kubernetes").State == CollectorState.Retrying, TimeSpan.FromSeconds(5), "the collector retrying");
        var now = _store.Time.GetUtcNow();
        Assert.All(_store.Services.Snapshot().Where(s => s.Name.StartsWith("k8s/test", StringComparison.Ordinal)), s => Assert.NotEqual(Freshness.Fresh, _store.ServiceFreshness(s, now)));

        _api = new KubeApiHost(port: port);
        await Poll.UntilAsync(() => Row(CrashPod) is { } r && _store.ServiceFreshness(r, _store.Time.GetUtcNow()) == Freshness.Fresh, TimeSpan.FromSeconds(40), "fresh again");
    }

    [Fact]
    public async Task An_expert_restarts_a_deployment_as_rollout_restart_does_and_deletes_a_pod_and_rbac_refusals_keep_their_words()
    {
        await _collector.ControlAsync(DqEngine, ProcessAction.Restart, CancellationToken.None);
        var (path, body) = Assert.Single(_api.Patches);
        Assert.Equal("/apis/apps/v1/namespaces/daq/deployments/dq-engine", path);
        Assert.Matches("""^\{"spec":\{"template":\{"metadata":\{"annotations":\{"kubectl.kubernetes.io/restartedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}\}\}\}\}$""", body);
        Assert.Contains(_api.Requests, r => r.StartsWith("PATCH /apis/apps/v1/namespaces/daq/deployments/dq-engine", StringComparison.Ordinal));

        await _collector.ControlAsync(CrashPod, ProcessAction.Delete, CancellationToken.None);
        await Poll.UntilAsync(() => Row(CrashPod) is null, TimeSpan.FromSeconds(2), "the deleted pod gone");

        _api.Forbid = true;
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => _collector.ControlAsync(DqEngine, ProcessAction.Restart, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains("cannot patch resource", refused.Response.Content, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => _collector.ControlAsync(DqEngine, ProcessAction.Delete, CancellationToken.None));
    }
}
