using k8s.Models;
using OnlineConsole.Collectors.Kubernetes;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The simulator's cluster in the watch collector's shape, and how a pod's status reads as a state.</summary>
[Trait("Category", "Unit")]
public sealed class SimulatedKubernetesTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly LiveStore _store;
    private readonly SimulatedKubernetes _k8s;

    public SimulatedKubernetesTests()
    {
        _store = TestStores.Create(_time);
        _k8s = new SimulatedKubernetes(_store, nodes: 100, pods: 1000);
    }

    private List<ServiceHealth> Pods => [.. _store.Services.Snapshot().Where(s => s.Kind == KubernetesKinds.Pod)];

    private ServiceHealth Row(string name) => _store.Services.Snapshot().Single(s => s.Name == name);

    [Fact]
    public void A_full_size_cluster_has_its_nodes_and_pods_under_their_workloads_and_one_pod_crash_loops_for_45_s()
    {
        _k8s.Step(_time.GetUtcNow());
        Assert.Equal(1000, Pods.Count);
        Assert.Equal(100, _store.Services.Snapshot().Count(s => s.Kind == KubernetesKinds.Node));
        Assert.All(Pods, p => Assert.Equal(ServiceState.Up, p.State));
        var workers = Row("k8s/sim/ns/daq/deployment/dq-worker");
        Assert.Equal("981/981 ready", workers.Detail);
        Assert.Equal(981, Pods.Count(p => p.Parent == workers.Name));
        // 1,000 pods at 0.5 cores over 100 nodes of 32: 5 cores each.
        Assert.Equal("5 of 32 cores", Row("k8s/sim/nodes/olk8s01").Facts.Single(f => f.Key == "K8s.Fact.CpuRequested").Value);

        _time.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(5));
        _k8s.Step(_time.GetUtcNow());
        var looping = Assert.Single(Pods, p => p.State == ServiceState.Down);
        Assert.StartsWith("k8s/sim/ns/daq/deployment/dq-engine/dq-engine-", looping.Name, StringComparison.Ordinal);
        Assert.StartsWith("CrashLoopBackOff: dq-engine back-off", looping.Detail, StringComparison.Ordinal);
        Assert.Equal((ServiceState.Degraded, "2/3 ready"), (Row("k8s/sim/ns/daq/deployment/dq-engine").State, Row("k8s/sim/ns/daq/deployment/dq-engine").Detail));
        Assert.Contains("(1 failing)", Row("k8s/sim").Detail, StringComparison.Ordinal);
        Assert.StartsWith("BackOff:", looping.Facts.Single(f => f.Key == "K8s.Fact.Warning").Value, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(45));
        _k8s.Step(_time.GetUtcNow());
        Assert.DoesNotContain(Pods, p => p.State != ServiceState.Up);
        Assert.Equal("Running 1/1 ready, 3 restarts", Row(looping.Name).Detail);
    }

    [Fact]
    public async Task A_rollout_restart_replaces_every_pod_of_the_workload_and_a_deleted_pod_is_replaced_under_a_new_name()
    {
        _k8s.Step(_time.GetUtcNow());
        const string engine = "k8s/sim/ns/daq/deployment/dq-engine";
        var before = Pods.Where(p => p.Parent == engine).Select(p => p.Name).ToHashSet();
        await _k8s.ControlAsync(engine, ProcessAction.Restart, CancellationToken.None);
        var after = Pods.Where(p => p.Parent == engine).Select(p => p.Name).ToHashSet();
        Assert.Equal(3, after.Count);
        Assert.Empty(before.Intersect(after));

        var victim = after.First();
        await _k8s.ControlAsync(victim, ProcessAction.Delete, CancellationToken.None);
        var replaced = Pods.Where(p => p.Parent == engine).Select(p => p.Name).ToHashSet();
        Assert.Equal(3, replaced.Count);
        Assert.DoesNotContain(victim, replaced);
        await Assert.ThrowsAsync<ArgumentException>(() => _k8s.ControlAsync(engine, ProcessAction.Delete, CancellationToken.None));
    }

    [Theory]
    [InlineData("Running", true, null, ServiceState.Up, "Running 1/1 ready")]
    [InlineData("Running", false, null, ServiceState.Degraded, "Running 0/1 ready")]
    [InlineData("Pending", false, "ContainerCreating", ServiceState.Degraded, "Pending: ContainerCreating")]
    [InlineData("Pending", false, "ImagePullBackOff", ServiceState.Down, "ImagePullBackOff: app")]
    [InlineData("Running", false, "CrashLoopBackOff", ServiceState.Down, "CrashLoopBackOff: app")]
    [InlineData("Succeeded", false, null, ServiceState.Up, "Completed")]
    [InlineData("Unknown", false, null, ServiceState.Unknown, "Unknown")]
    public void A_pods_status_reads_as_a_state(string phase, bool ready, string? waiting, ServiceState state, string detail)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "daq" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                ContainerStatuses = [new V1ContainerStatus
                {
                    Name = "app", Image = "i", ImageID = "", Ready = ready,
                    State = waiting is null ? new V1ContainerState() : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = waiting } },
                }],
            },
        };
        Assert.Equal((state, detail), KubernetesRows.PodState(pod));
    }
}
