using System.Globalization;
using k8s.Models;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Kubernetes;

/// <summary>What is known of one cluster at a moment: the watched objects by namespace/name, and the newest warnings.</summary>
public sealed record KubernetesObjects(
    IReadOnlyCollection<V1Node> Nodes,
    IReadOnlyCollection<V1Pod> Pods,
    IReadOnlyCollection<V1Deployment> Deployments,
    IReadOnlyCollection<V1StatefulSet> StatefulSets,
    IReadOnlyCollection<Corev1Event> Warnings,
    IReadOnlyCollection<string> Namespaces);

/// <summary>Pod rows kept between builds, by pod object: a watch replaces the object of a pod that changed.</summary>
public sealed class KubernetesRowCache
{
    internal System.Runtime.CompilerServices.ConditionalWeakTable<V1Pod, PodEntry> Pods { get; } = new();
}

internal sealed record PodEntry(string Parent, Corev1Event? Warning, ServiceHealth Row, double Cpu, double Memory);

/// <summary>A row's Kubernetes object, for the actions: which kind, where, what.</summary>
public sealed record KubernetesTarget(string Kind, string? Namespace, string Name);

/// <summary>
/// Turns a cluster's objects into the health tree: cluster -> nodes -> node, and cluster -> namespace -> workload ->
/// pod (pods no workload owns hang under their namespace). The same for a real cluster and the simulator's.
/// </summary>
public static class KubernetesRows
{
    public const string Source = "kubernetes";
    public const string ClusterKind = KubernetesKinds.Cluster;
    public const string NodesKind = KubernetesKinds.Nodes;
    public const string NodeKind = KubernetesKinds.Node;
    public const string NamespaceKind = KubernetesKinds.Namespace;
    public const string DeploymentKind = KubernetesKinds.Deployment;
    public const string StatefulSetKind = KubernetesKinds.StatefulSet;
    public const string PodKind = KubernetesKinds.Pod;

    /// <summary>Waiting reasons that mean the container will not run without someone acting.</summary>
    private static readonly HashSet<string> Broken = new(StringComparer.Ordinal)
    {
        "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError",
    };

    private static readonly string[] Pressures = ["MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"];

    public static string Prefix(string cluster) => $"k8s/{cluster}";

    public static string NodeRow(string cluster, string node) => $"k8s/{cluster}/nodes/{node}";

    public static string NamespaceRow(string cluster, string ns) => $"k8s/{cluster}/ns/{ns}";

    public static string WorkloadRow(string cluster, string ns, string kind, string name) => $"{NamespaceRow(cluster, ns)}/{kind}/{name}";

    /// <summary>
    /// The rows, and for each actionable row its object. With a <paramref name="cache"/>, a pod whose object, parent and
    /// warning are those of the previous build keeps its row (with the new stamp): a watch changes a few pods at a time.
    /// </summary>
    public static (IReadOnlyList<ServiceHealth> Rows, IReadOnlyDictionary<string, KubernetesTarget> Targets) Build(
        string cluster, KubernetesObjects objects, SourceStamp stamp, ISet<string>? computeNodes = null, KubernetesRowCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var rows = new List<ServiceHealth>(objects.Pods.Count + objects.Nodes.Count + 16);
        var targets = new Dictionary<string, KubernetesTarget>(StringComparer.Ordinal);
        var warnings = NewestWarnings(objects.Warnings);
        var prefix = Prefix(cluster);

        var owners = new Dictionary<(string Ns, string Kind, string Name), string>();
        var workloadRows = new List<ServiceHealth>();
        var owned = objects.Deployments.Select(d => (Kind: "Deployment", Row: DeploymentKind, d.Metadata, Desired: d.Spec?.Replicas ?? 1, Ready: d.Status?.ReadyReplicas ?? 0, d.Status?.UpdatedReplicas, Spec: d.Spec?.Template?.Spec))
            .Concat(objects.StatefulSets.Select(s => (Kind: "StatefulSet", Row: StatefulSetKind, s.Metadata, Desired: s.Spec?.Replicas ?? 1, Ready: s.Status?.ReadyReplicas ?? 0, s.Status?.UpdatedReplicas, Spec: s.Spec?.Template?.Spec)));
        foreach (var w in owned)
        {
            var (ns, wname) = (w.Metadata.NamespaceProperty, w.Metadata.Name);
            var name = WorkloadRow(cluster, ns, w.Row, wname);
            owners[(ns, w.Kind, wname)] = name;
            targets[name] = new KubernetesTarget(w.Kind, ns, wname);
            workloadRows.Add(Workload(name, w.Row, w.Desired, w.Ready, w.UpdatedReplicas, w.Spec, stamp, warnings.GetValueOrDefault(Key(ns, w.Kind, wname)))
                with { Parent = NamespaceRow(cluster, ns) });
        }

        // Pods first: their requests add up on their nodes, their states on the cluster's row.
        var onNode = new Dictionary<string, (double Cpu, double Memory, int Pods)>(StringComparer.Ordinal);
        var podsIn = new Dictionary<string, int>(StringComparer.Ordinal);
        var failing = 0;
        var podRows = new List<ServiceHealth>(objects.Pods.Count);
        foreach (var p in objects.Pods)
        {
            var parent = OwnerRow(p, owners) ?? NamespaceRow(cluster, p.Namespace());
            var warning = warnings.GetValueOrDefault(Key(p.Namespace(), "Pod", p.Name()));
            PodEntry entry;
            if (cache is not null && cache.Pods.TryGetValue(p, out var known) && known.Parent == parent && ReferenceEquals(known.Warning, warning))
                entry = known;
            else
            {
                var (cpu, memory) = Requests(p);
                entry = new PodEntry(parent, warning, Pod(cluster, $"{parent}/{p.Name()}", p, stamp, warning) with { Parent = parent }, cpu, memory);
                cache?.Pods.AddOrUpdate(p, entry);
            }
            targets[entry.Row.Name] = new KubernetesTarget("Pod", p.Namespace(), p.Name());
            podRows.Add(entry.Row.Stamp == stamp ? entry.Row : entry.Row with { Stamp = stamp });
            if (entry.Row.State == ServiceState.Down) failing++;
            podsIn[p.Namespace() ?? ""] = podsIn.GetValueOrDefault(p.Namespace() ?? "") + 1;
            if (p.Spec?.NodeName is { } node && p.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                var sum = onNode.GetValueOrDefault(node);
                onNode[node] = (sum.Cpu + entry.Cpu, sum.Memory + entry.Memory, sum.Pods + 1);
            }
        }

        var readyNodes = 0;
        var nodesRow = $"{prefix}/nodes";
        foreach (var n in objects.Nodes.OrderBy(n => n.Name(), StringComparer.Ordinal))
        {
            var row = Node(cluster, n, onNode.GetValueOrDefault(n.Name()), stamp, warnings, computeNodes);
            if (row.State != ServiceState.Down) readyNodes++;
            rows.Add(row with { Parent = nodesRow });
        }
        rows.Add(new ServiceHealth(nodesRow, NodesKind, ServiceState.Up, $"{objects.Nodes.Count} nodes, {readyNodes} ready", stamp) { Parent = prefix });
        foreach (var ns in objects.Namespaces)
        {
            var workloads = objects.Deployments.Count(d => d.Namespace() == ns) + objects.StatefulSets.Count(s => s.Namespace() == ns);
            rows.Add(new ServiceHealth(NamespaceRow(cluster, ns), NamespaceKind, ServiceState.Up, $"{workloads} workloads, {podsIn.GetValueOrDefault(ns)} pods", stamp) { Parent = prefix });
        }
        rows.AddRange(workloadRows);
        rows.AddRange(podRows);
        rows.Add(new ServiceHealth(prefix, ClusterKind, ServiceState.Up,
            $"{objects.Nodes.Count} nodes ({readyNodes} ready), {objects.Pods.Count} pods ({failing} failing) in {objects.Namespaces.Count} namespaces", stamp));
        return (rows, targets);
    }

    // The CPU (cores) and memory (bytes) a pod's containers request.
    private static (double Cpu, double Memory) Requests(V1Pod p)
    {
        double cpu = 0, memory = 0;
        foreach (var c in p.Spec?.Containers ?? [])
        {
            cpu += Cpu(c.Resources?.Requests);
            memory += Bytes(c.Resources?.Requests);
        }
        return (cpu, memory);
    }

    // A ReplicaSet's pods belong to its Deployment: the ReplicaSet is named "<deployment>-<pod-template-hash>".
    private static string? OwnerRow(V1Pod p, Dictionary<(string, string, string), string> owners)
    {
        foreach (var o in p.Metadata?.OwnerReferences ?? [])
        {
            if (owners.TryGetValue((p.Namespace(), o.Kind, o.Name), out var row)) return row;
            if (o.Kind == "ReplicaSet" && p.Metadata?.Labels?.TryGetValue("pod-template-hash", out var hash) == true
                && o.Name.EndsWith("-" + hash, StringComparison.Ordinal)
                && owners.TryGetValue((p.Namespace(), "Deployment", o.Name[..^(hash.Length + 1)]), out var dep)) return dep;
        }
        return null;
    }

    private static string Key(string? ns, string kind, string name) => $"{ns}/{kind}/{name}";

    private static Dictionary<string, Corev1Event> NewestWarnings(IEnumerable<Corev1Event> events)
    {
        var newest = new Dictionary<string, Corev1Event>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.InvolvedObject?.Name is null) continue;
            var key = Key(e.InvolvedObject.Kind == "Node" ? null : e.InvolvedObject.NamespaceProperty, e.InvolvedObject.Kind ?? "", e.InvolvedObject.Name);
            if (!newest.TryGetValue(key, out var old) || When(e) > When(old)) newest[key] = e;
        }
        return newest;
    }

    public static DateTime? When(Corev1Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp;
    }

    private static KeyValuePair<string, string>? WarningFact(Corev1Event? e) =>
        e is null ? null : new("K8s.Fact.Warning", $"{e.Reason}: {e.Message} (x{e.Count ?? 1}, {Utc(When(e))})");

    private static string Utc(DateTime? t) => t is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "?";

    private static ServiceHealth Node(string cluster, V1Node n, (double Cpu, double Memory, int Pods) requested, SourceStamp stamp, Dictionary<string, Corev1Event> warnings, ISet<string>? computeNodes)
    {
        var conditions = n.Status?.Conditions ?? [];
        var ready = conditions.FirstOrDefault(c => c.Type == "Ready");
        var pressure = conditions.Where(c => Pressures.Contains(c.Type) && c.Status == "True").Select(c => c.Type).ToList();
        var cordoned = n.Spec?.Unschedulable == true;
        var (state, detail) = ready?.Status switch
        {
            "True" when pressure.Count > 0 => (ServiceState.Degraded, "Ready, " + string.Join(", ", pressure)),
            "True" when cordoned => (ServiceState.Degraded, "Ready, cordoned"),
            "True" => (ServiceState.Up, "Ready"),
            "False" => (ServiceState.Down, $"NotReady: {ready.Reason} {ready.Message}".TrimEnd()),
            _ => (ServiceState.Down, $"Ready condition {ready?.Status ?? "missing"}{(ready?.Message is { } m ? ": " + m : "")}"),
        };
        var allocCpu = Cpu(n.Status?.Allocatable);
        var allocMem = Bytes(n.Status?.Allocatable);
        var (reqCpu, reqMem, podCount) = requested;
        var inv = CultureInfo.InvariantCulture;
        var facts = new List<KeyValuePair<string, string>>
        {
            new("K8s.Fact.Ready", ready is null ? "?" : $"{ready.Status} ({ready.Reason}, since {Utc(ready.LastTransitionTime)})"),
            new("K8s.Fact.Pressure", pressure.Count == 0 ? "none" : string.Join(", ", pressure)),
            new("K8s.Fact.Kubelet", n.Status?.NodeInfo?.KubeletVersion ?? "?"),
            new("K8s.Fact.CpuRequested", string.Create(inv, $"{reqCpu:0.##} of {allocCpu:0.##} cores")),
            new("K8s.Fact.MemoryRequested", string.Create(inv, $"{reqMem / (1L << 30):0.#} of {allocMem / (1L << 30):0.#} GiB")),
            new("K8s.Fact.Pods", podCount.ToString(inv)),
        };
        if (WarningFact(warnings.GetValueOrDefault(Key(null, "Node", n.Name()))) is { } w) facts.Add(w);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (allocCpu > 0) values["cpu"] = Math.Min(1, reqCpu / allocCpu);
        if (allocMem > 0) values["memory"] = Math.Min(1, reqMem / allocMem);
        return new ServiceHealth(NodeRow(cluster, n.Name()), NodeKind, state, detail, stamp)
        {
            Facts = facts, Values = values,
            Related = computeNodes?.Contains(n.Name()) == true ? [ComputeNodeRows.Name(n.Name())] : [],
        };
    }

    private static ServiceHealth Workload(string name, string kind, int desired, int ready, int? updated, V1PodSpec? spec, SourceStamp stamp, Corev1Event? warning)
    {
        var (state, what) = desired == 0 ? (ServiceState.Up, "scaled to 0")
            : ready >= desired ? (ServiceState.Up, $"{ready}/{desired} ready")
            : ready == 0 ? (ServiceState.Down, $"0/{desired} ready")
            : (ServiceState.Degraded, $"{ready}/{desired} ready");
        var inv = CultureInfo.InvariantCulture;
        var facts = new List<KeyValuePair<string, string>>
        {
            new("K8s.Fact.Replicas", $"{ready}/{desired} ready, {(updated ?? 0).ToString(inv)} up to date"),
            new("K8s.Fact.Image", string.Join(", ", spec?.Containers?.Select(c => c.Image) ?? [])),
        };
        if (WarningFact(warning) is { } w) facts.Add(w);
        return new ServiceHealth(name, kind, state, what, stamp) { Facts = facts, Actions = [ProcessAction.Restart] };
    }

    /// <summary>A pod's state and the words for it: broken waiting reasons first, then the phase and readiness.</summary>
    public static (ServiceState State, string Detail) PodState(V1Pod p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var statuses = (p.Status?.InitContainerStatuses ?? []).Concat(p.Status?.ContainerStatuses ?? []).ToList();
        var broken = statuses.FirstOrDefault(s => s.State?.Waiting?.Reason is { } r && Broken.Contains(r));
        var containers = p.Status?.ContainerStatuses ?? [];
        var readyCount = containers.Count(c => c.Ready);
        var total = Math.Max(containers.Count, p.Spec?.Containers?.Count ?? 0);
        if (p.Metadata?.DeletionTimestamp is not null) return (ServiceState.Degraded, "Terminating");
        if (broken is not null) return (ServiceState.Down, $"{broken.State.Waiting.Reason}: {broken.Name}{(broken.State.Waiting.Message is { } m ? " " + m : "")}");
        return p.Status?.Phase switch
        {
            "Running" when readyCount >= total => (ServiceState.Up, $"Running {readyCount}/{total} ready"),
            "Running" => (ServiceState.Degraded, $"Running {readyCount}/{total} ready"),
            "Succeeded" => (ServiceState.Up, "Completed"),
            "Failed" => (ServiceState.Down, $"Failed: {p.Status.Reason ?? "?"}{(p.Status.Message is { } fm ? " " + fm : "")}"),
            "Pending" => (ServiceState.Degraded, "Pending" + (statuses.FirstOrDefault(s => s.State?.Waiting is not null)?.State.Waiting.Reason is { } w ? ": " + w
                : p.Status.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False")?.Reason is { } u ? ": " + u : "")),
            _ => (ServiceState.Unknown, p.Status?.Phase ?? "no status"),
        };
    }

    private static ServiceHealth Pod(string cluster, string name, V1Pod p, SourceStamp stamp, Corev1Event? warning)
    {
        var (state, detail) = PodState(p);
        var containers = p.Status?.ContainerStatuses ?? [];
        var restarts = containers.Sum(c => c.RestartCount);
        var inv = CultureInfo.InvariantCulture;
        var facts = new List<KeyValuePair<string, string>>
        {
            new("K8s.Fact.Phase", p.Status?.Phase ?? "?"),
            new("K8s.Fact.ReadyContainers", $"{containers.Count(c => c.Ready)}/{Math.Max(containers.Count, p.Spec?.Containers?.Count ?? 0)}"),
            new("K8s.Fact.Restarts", restarts.ToString(inv)),
        };
        var last = containers.Where(c => c.LastState?.Terminated is not null).OrderByDescending(c => c.LastState.Terminated.FinishedAt).FirstOrDefault();
        if (last is not null)
            facts.Add(new("K8s.Fact.LastTermination",
                $"{last.Name}: {last.LastState.Terminated.Reason} (exit {last.LastState.Terminated.ExitCode.ToString(inv)}) at {Utc(last.LastState.Terminated.FinishedAt)}"));
        facts.Add(new("K8s.Fact.Image", string.Join(", ", p.Spec?.Containers?.Select(c => c.Image) ?? [])));
        if (p.Spec?.NodeName is { } node) facts.Add(new("K8s.Fact.Node", node));
        if (WarningFact(warning) is { } w) facts.Add(w);
        if (restarts > 0) detail += $", {restarts.ToString(inv)} restarts";
        return new ServiceHealth(name, PodKind, state, detail, stamp)
        {
            Facts = facts, Actions = [ProcessAction.Delete],
            Related = p.Spec?.NodeName is { } n ? [NodeRow(cluster, n)] : [],
        };
    }

    // "500m" = 0.5 cores; a missing quantity counts as 0.
    private static double Cpu(IDictionary<string, ResourceQuantity>? q) =>
        q is not null && q.TryGetValue("cpu", out var v) ? (double)v.ToDecimal() : 0;

    private static double Bytes(IDictionary<string, ResourceQuantity>? q) =>
        q is not null && q.TryGetValue("memory", out var v) ? (double)v.ToDecimal() : 0;
}
