using k8s.Models;
using OnlineConsole.Collectors.Kubernetes;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>
/// The simulator's Kubernetes cluster, in the watch collector's shape (the same V1 objects, the same rows): the
/// online software's deployments and statefulsets spread over the nodes. One pod of the DQ engine crash-loops for
/// 45 s of every 9 minutes; experts restart workloads (new pods replace the old) and delete pods (a new one comes).
/// </summary>
public sealed class SimulatedKubernetes : IProcessControl
{
    public const string Cluster = "sim";

    private static readonly (string Ns, string Kind, string Name, int Replicas, string Image)[] Workloads =
    [
        ("daq", "Deployment", "run-control", 1, "harbor.daq/online/run-control:3.4.1"),
        ("daq", "Deployment", "message-server", 2, "harbor.daq/online/message-server:2.9.0"),
        ("daq", "Deployment", "dq-engine", 3, "harbor.daq/online/dq-engine:1.12.3"),
        ("daq", "Deployment", "config-service", 1, "harbor.daq/online/config-service:1.3.0"),
        ("daq", "Deployment", "web-gateway", 2, "harbor.daq/online/web-gateway:4.0.2"),
        ("online", "StatefulSet", "kafka", 3, "harbor.daq/infra/kafka:3.7.1"),
        ("online", "StatefulSet", "zookeeper", 3, "harbor.daq/infra/zookeeper:3.8.4"),
        ("online", "StatefulSet", "redis", 2, "harbor.daq/infra/redis:7.2.5"),
        ("online", "Deployment", "log-collector", 2, "harbor.daq/online/log-collector:0.9.8"),
    ];

    private static readonly TimeSpan CrashEvery = TimeSpan.FromMinutes(9);
    private static readonly TimeSpan CrashFor = TimeSpan.FromSeconds(45);

    private readonly LiveStore _store;
    private readonly Lock _gate = new();
    private readonly List<V1Node> _nodes = [];
    private readonly List<V1Deployment> _deployments = [];
    private readonly List<V1StatefulSet> _statefulSets = [];
    private readonly Dictionary<string, int> _generation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _restarts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _replaced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _podKeys = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started;
    private IReadOnlyDictionary<string, KubernetesTarget> _targets = new Dictionary<string, KubernetesTarget>();
    private DateTimeOffset _lastWrite;

    /// <param name="pods">Total pods wanted: past the online software's own, a worker deployment makes up the rest.</param>
    public SimulatedKubernetes(LiveStore store, int nodes, int pods)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _started = store.Time.GetUtcNow();
        for (var i = 1; i <= nodes; i++)
        {
            _nodes.Add(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = $"olk8s{i:00}" },
                Status = new V1NodeStatus
                {
                    Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("32"), ["memory"] = new("128Gi"), ["pods"] = new("110") },
                    NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.29.4" },
                },
            });
        }
        var own = Workloads.Sum(w => w.Replicas);
        var all = Workloads.ToList();
        if (pods > own) all.Add(("daq", "Deployment", "dq-worker", pods - own, "harbor.daq/online/dq-worker:1.12.3"));
        foreach (var (ns, kind, name, replicas, image) in all)
        {
            var template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = image }] } };
            var meta = new V1ObjectMeta { Name = name, NamespaceProperty = ns };
            if (kind == "Deployment") _deployments.Add(new V1Deployment { Metadata = meta, Spec = new V1DeploymentSpec { Replicas = replicas, Template = template } });
            else _statefulSets.Add(new V1StatefulSet { Metadata = meta, Spec = new V1StatefulSetSpec { Replicas = replicas, Template = template } });
            _generation[$"{ns}/{name}"] = 0;
        }
    }

    /// <summary>Writes the cluster's rows every few seconds (they are as fresh as the simulation).</summary>
    public void Step(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now - _lastWrite < TimeSpan.FromSeconds(2)) return;
            _lastWrite = now;
            Write(now);
        }
    }

    private void Write(DateTimeOffset now)
    {
        _podKeys.Clear();
        var crashing = (now - _started).Ticks % CrashEvery.Ticks < CrashFor.Ticks && now - _started > CrashFor;
        var pods = new List<V1Pod>();
        var node = 0;
        foreach (var (meta, kind, replicas, spec) in _deployments.Select(d => (d.Metadata, "Deployment", d.Spec.Replicas ?? 1, d.Spec.Template.Spec))
            .Concat(_statefulSets.Select(s => (s.Metadata, "StatefulSet", s.Spec.Replicas ?? 1, s.Spec.Template.Spec))))
        {
            var key = $"{meta.NamespaceProperty}/{meta.Name}";
            var generation = _generation[key];
            var hash = Base27(Stable(meta.Name) + ((ulong)generation * 104_729), 9);
            var ready = 0;
            for (var i = 0; i < replicas; i++)
            {
                var podName = kind == "Deployment" ? $"{meta.Name}-{hash}-{Suffix(i, _replaced.GetValueOrDefault($"{key}/{i}"))}" : $"{meta.Name}-{i}";
                _podKeys[podName] = $"{key}/{i}";
                var restarts = _restarts.GetValueOrDefault(podName);
                var loop = crashing && meta.Name == "dq-engine" && i == 0;
                if (loop && !_restarts.ContainsKey(podName + "#loop"))
                {
                    _restarts[podName + "#loop"] = 1;
                    _restarts[podName] = restarts += 3;
                }
                if (!loop) _restarts.Remove(podName + "#loop");
                var status = new V1ContainerStatus
                {
                    Name = meta.Name, Image = spec.Containers[0].Image, ImageID = "", Ready = !loop, RestartCount = restarts, Started = !loop,
                    State = loop
                        ? new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off 40s restarting failed container={meta.Name} pod={podName}" } }
                        : new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = _started.UtcDateTime } },
                    LastState = restarts > 0 ? new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "Error", ExitCode = 1, FinishedAt = now.UtcDateTime.AddSeconds(-20) } } : null,
                };
                if (!loop) ready++;
                var owner = kind == "Deployment"
                    ? new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = $"{meta.Name}-{hash}", Uid = "" }
                    : new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = meta.Name, Uid = "" };
                pods.Add(new V1Pod
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = podName, NamespaceProperty = meta.NamespaceProperty, OwnerReferences = [owner],
                        Labels = new Dictionary<string, string> { ["app"] = meta.Name, ["pod-template-hash"] = hash },
                    },
                    Spec = new V1PodSpec
                    {
                        NodeName = _nodes.Count > 0 ? _nodes[node++ % _nodes.Count].Name() : null,
                        Containers = [new V1Container { Name = meta.Name, Image = spec.Containers[0].Image, Resources = new V1ResourceRequirements { Requests = Requests } }],
                    },
                    Status = new V1PodStatus { Phase = "Running", ContainerStatuses = [status] },
                });
            }
            if (kind == "Deployment") _deployments.First(d => d.Metadata == meta).Status = new V1DeploymentStatus { ReadyReplicas = ready, UpdatedReplicas = replicas, Replicas = replicas };
            else _statefulSets.First(s => s.Metadata == meta).Status = new V1StatefulSetStatus { ReadyReplicas = ready, UpdatedReplicas = replicas, Replicas = replicas };
        }
        foreach (var n in _nodes)
            n.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status", LastTransitionTime = _started.UtcDateTime }];
        var warnings = crashing
            ? new List<Corev1Event>
            {
                new()
                {
                    Metadata = new V1ObjectMeta { Name = "dq-engine.bo", NamespaceProperty = "daq" }, Type = "Warning", Reason = "BackOff",
                    Message = "Back-off restarting failed container dq-engine", Count = 3, LastTimestamp = now.UtcDateTime,
                    InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = pods.First(p => p.Metadata.Labels["app"] == "dq-engine").Name(), NamespaceProperty = "daq" },
                },
            }
            : [];
        var objects = new KubernetesObjects(_nodes, pods, _deployments, _statefulSets, warnings, ["daq", "online"]);
        var (rows, targets) = KubernetesRows.Build(Cluster, objects, new SourceStamp(DetectorSimulator.SourceName, now));
        _targets = targets;
        _store.Services.Sync(KubernetesRows.Prefix(Cluster), rows);
    }

    private static readonly Dictionary<string, ResourceQuantity> Requests = new() { ["cpu"] = new("500m"), ["memory"] = new("1Gi") };

    // Five characters as Kubernetes uses them; i -> i x 7919 mod 27^5 is one-to-one, so no two replicas share a name,
    // and a replacement (a deleted pod's successor) moves to another.
    private static string Suffix(int i, int replaced) => Base27((ulong)i * 7919 + ((ulong)replaced * 60_466_169), 5);

    private static string Base27(ulong n, int length)
    {
        // The alphabet Kubernetes names pods with (no vowels, no 0/1/3).
        const string digits = "bcdfghjklmnpqrstvwxz2456789";
        var c = new char[length];
        for (var k = length - 1; k >= 0; k--)
        {
            c[k] = digits[(int)(n % 27)];
            n /= 27;
        }
        return new string(c);
    }

    // FNV-1a: the same names on every start (string.GetHashCode differs per process).
    private static ulong Stable(string s)
    {
        var h = 14_695_981_039_346_656_037UL;
        foreach (var ch in s) h = (h ^ ch) * 1_099_511_628_211UL;
        return h % 1_000_000_007UL;
    }

    public bool Handles(string service) => _targets.ContainsKey(service);

    public Task ControlAsync(string service, ProcessAction action, CancellationToken ct)
    {
        if (!_targets.TryGetValue(service, out var t)) throw new ArgumentException($"'{service}' is not a simulated Kubernetes object.", nameof(service));
        lock (_gate)
        {
            switch (t.Kind, action)
            {
                case ("Deployment" or "StatefulSet", ProcessAction.Restart):
                    _generation[$"{t.Namespace}/{t.Name}"]++;
                    foreach (var k in _restarts.Keys.Where(k => k.StartsWith(t.Name + "-", StringComparison.Ordinal)).ToList()) _restarts.Remove(k);
                    break;
                case ("Pod", ProcessAction.Delete):
                    // Its controller replaces it: a deployment's pod under a new name, a statefulset's under the same with no restarts.
                    if (_podKeys.TryGetValue(t.Name, out var slot)) _replaced[slot] = _replaced.GetValueOrDefault(slot) + 1;
                    _restarts.Remove(t.Name);
                    break;
                default:
                    throw new ArgumentException($"{action} does not apply to a {t.Kind}.", nameof(action));
            }
            Write(_store.Time.GetUtcNow());
            _lastWrite = _store.Time.GetUtcNow();
        }
        return Task.CompletedTask;
    }
}
