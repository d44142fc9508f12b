using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Kubernetes;

/// <summary>
/// Watches one cluster (nodes; pods, deployments, statefulsets and warning events of the configured namespaces)
/// and keeps its health tree in the store. Each resource is listed once, then watched from the list's resource
/// version; a watch that ends or breaks resumes from the last version seen, a 410 Gone lists again. Changes are
/// merged for <see cref="KubernetesOptions.MergeWindow"/> and written at once; experts restart workloads and delete pods.
/// </summary>
public sealed class KubernetesCollector : CollectorService, IProcessControl
{
    private readonly KubernetesOptions _options;
    private readonly ILogger _logger;
    private readonly Func<IKubernetes> _connect;
    private readonly MalformedLog _malformed;
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly List<IWatched> _watched = [];
    private readonly Watched<Corev1Event> _events;
    private readonly string _prefix;
    private IKubernetes? _client;
    private volatile IReadOnlyDictionary<string, KubernetesTarget> _targets = new Dictionary<string, KubernetesTarget>();
    private long _relists, _resumes;
    private readonly KubernetesRowCache _rowCache = new();
    private HashSet<string>? _computeNodes;
    private DateTimeOffset _computeNodesAt;

    public KubernetesCollector(LiveStore store, IOptions<KubernetesOptions> options, ILogger<KubernetesCollector> logger)
        : this(store, options, logger, null)
    {
    }

    internal KubernetesCollector(LiveStore store, IOptions<KubernetesOptions> options, ILogger<KubernetesCollector> logger, Func<IKubernetes>? connect)
        : base(store, logger, "kubernetes", KubernetesRows.Source, options?.Value.RefreshInterval ?? TimeSpan.FromSeconds(10))
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _prefix = KubernetesRows.Prefix(_options.Cluster);
        _malformed = new MalformedLog();
        _connect = connect ?? (() => new k8s.Kubernetes(Configuration(_options)));

        var timeout = (int)_options.WatchTimeout.TotalSeconds;
        _watched.Add(new Watched<V1Node>("nodes",
            async (c, ct) => { var l = await c.CoreV1.ListNodeAsync(cancellationToken: ct); return (l.Items, l.Metadata?.ResourceVersion); },
            (c, rv, onError, ct) => c.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));
        foreach (var ns in _options.Namespaces)
        {
            _watched.Add(new Watched<V1Pod>($"pods/{ns}",
                async (c, ct) => { var l = await c.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct); return (l.Items, l.Metadata?.ResourceVersion); },
                (c, rv, onError, ct) => c.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));
            _watched.Add(new Watched<V1Deployment>($"deployments/{ns}",
                async (c, ct) => { var l = await c.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct); return (l.Items, l.Metadata?.ResourceVersion); },
                (c, rv, onError, ct) => c.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));
            _watched.Add(new Watched<V1StatefulSet>($"statefulsets/{ns}",
                async (c, ct) => { var l = await c.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct); return (l.Items, l.Metadata?.ResourceVersion); },
                (c, rv, onError, ct) => c.AppsV1.WatchListNamespacedStatefulSetAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));
        }
        // Warnings of every watched namespace in one watch; node events are reported in "default", watched or not.
        const string warnings = "type=Warning";
        _events = new Watched<Corev1Event>("events",
            async (c, ct) => { var l = await c.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: warnings, cancellationToken: ct); return (l.Items, l.Metadata?.ResourceVersion); },
            (c, rv, onError, ct) => c.CoreV1.WatchListEventForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: warnings, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
        _watched.Add(_events);
    }

    /// <summary>How many times a resource was listed again after a 410 Gone, and watches resumed from a resource version.</summary>
    public (long Relists, long Resumes) Counters => (Interlocked.Read(ref _relists), Interlocked.Read(ref _resumes));

    public static KubernetesClientConfiguration Configuration(KubernetesOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var config = o.InCluster ? KubernetesClientConfiguration.InClusterConfig()
            : !string.IsNullOrWhiteSpace(o.Kubeconfig) ? KubernetesClientConfiguration.BuildConfigFromConfigFile(o.Kubeconfig, currentContext: o.Context)
            : new KubernetesClientConfiguration { Host = o.Server };
        // A watch stays open for WatchTimeout: the client must not cut it earlier.
        config.HttpClientTimeout = o.WatchTimeout + TimeSpan.FromSeconds(30);
        return config;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _client?.Dispose();
        _client = _connect();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var tasks = _watched.Select(w => Task.Run(() => WatchAsync(w, cts.Token), cts.Token)).ToList();
        tasks.Add(Task.Run(() => WriteAsync(cts.Token), cts.Token));
        // The first resource to fail stops the others: the base backs off, then every watch resumes where it was.
        var first = await Task.WhenAny(tasks);
        await cts.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && !first.IsFaulted)
        {
        }
        catch when (first.IsFaulted)
        {
        }
        if (first.IsFaulted) await first;
    }

    private async Task WatchAsync(IWatched w, CancellationToken ct)
    {
        var client = _client!;
        // Broken watches in a row with nothing received between them: the first is a drop and is resumed at once,
        // the second means the server is gone, and the collector backs off.
        var brokenInRow = 0;
        while (!ct.IsCancellationRequested)
        {
            if (w.Version is null)
            {
                using var listTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                listTimeout.CancelAfter(TimeSpan.FromSeconds(30));
                await w.ListAsync(client, listTimeout.Token);
                Health.CountReceived(1);
                Signal();
            }
            w.Connected = true;
            var gone = false;
            var events = 0;
            var started = Time.GetUtcNow();
            void OnError(Exception e)
            {
                if (e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone }) gone = true;
                else if (e is JsonException or FormatException or KubernetesException)
                {
                    Health.CountMalformed(w.Resource, 1);
                    if (_malformed.ShouldLog(w.Resource, Time.GetUtcNow()))
                        _logger.LogWarning("Malformed watch event for {Resource} skipped: {Error}", w.Resource, e.Message);
                }
                else _logger.LogDebug(e, "Watch of {Resource} reported an error", w.Resource);
            }
            try
            {
                await w.WatchAsync(client, OnError, () => { events++; Signal(); }, () => gone, ct);
                brokenInRow = 0;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                gone = true;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && (events > 0 || brokenInRow == 0))
            {
                // The watch broke (the server went away or a proxy cut it; the library reports it as an IOException,
                // an HttpRequestException or a cancelled read): resume from the last version at once. If the server is
                // really gone, the resumed request fails too, and that second failure makes the collector back off.
                brokenInRow = events > 0 ? 1 : brokenInRow + 1;
                _logger.LogDebug(e, "Watch of {Resource} broke", w.Resource);
            }
            finally
            {
                w.Connected = false;
                Health.CountReceived(events);
            }
            if (gone)
            {
                // The version is older than the server keeps: list again; what changed meanwhile comes with the list.
                w.Version = null;
                Interlocked.Increment(ref _relists);
                _logger.LogInformation("Watch of {Resource} expired (410 Gone): listing again", w.Resource);
                continue;
            }
            Interlocked.Increment(ref _resumes);
            // A server that closes every watch at once must not be asked again in a tight loop.
            if (events == 0 && brokenInRow == 0 && Time.GetUtcNow() - started < TimeSpan.FromSeconds(1)) await Task.Delay(TimeSpan.FromSeconds(1), Time, ct);
        }
    }

    private void Signal() => _dirty.Writer.TryWrite(true);

    // Writes the tree when something changed (merged over MergeWindow), and re-stamps it every RefreshInterval
    // while every watch is connected: the rows are as fresh as the watch, and turn stale when one is not.
    private async Task WriteAsync(CancellationToken ct)
    {
        Signal();
        while (!ct.IsCancellationRequested)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
            tick.CancelAfter(_options.RefreshInterval);
            try
            {
                await _dirty.Reader.ReadAsync(tick.Token);
                if (_options.MergeWindow > TimeSpan.Zero) await Task.Delay(_options.MergeWindow, Time, ct);
                _dirty.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (_watched.Any(w => w.Version is null)) continue;
            Write();
            if (_watched.All(w => w.Connected)) Health.Succeeded(Time.GetUtcNow());
        }
    }

    private void Write()
    {
        var objects = new KubernetesObjects(
            Items<V1Node>(), Items<V1Pod>(), Items<V1Deployment>(), Items<V1StatefulSet>(),
            [.. _events.Values.OrderByDescending(KubernetesRows.When).Take(_options.MaxWarnings)], _options.Namespaces);
        // The compute nodes change with the topology, not with every pod: read again on the refresh tick only.
        if (_computeNodes is null || Time.GetUtcNow() - _computeNodesAt > _options.RefreshInterval)
        {
            _computeNodes = Store.Services.Snapshot().Where(s => s.Kind == ComputeNodeRows.Kind).Select(s => s.Name["node/".Length..]).ToHashSet(StringComparer.Ordinal);
            _computeNodesAt = Time.GetUtcNow();
        }
        var computeNodes = _computeNodes;
        var (rows, targets) = KubernetesRows.Build(_options.Cluster, objects, new SourceStamp(KubernetesRows.Source, Time.GetUtcNow()), computeNodes, _rowCache);
        _targets = targets;
        Store.Services.Sync(_prefix, rows);
    }

    private List<T> Items<T>() where T : IKubernetesObject<V1ObjectMeta> => [.. _watched.OfType<Watched<T>>().SelectMany(w => w.Values)];

    public bool Handles(string service) => _targets.ContainsKey(service);

    public async Task ControlAsync(string service, ProcessAction action, CancellationToken ct)
    {
        if (!_targets.TryGetValue(service, out var t)) throw new ArgumentException($"'{service}' is not a watched Kubernetes object.", nameof(service));
        var client = _client ?? throw new InvalidOperationException("The Kubernetes API server has not been reached yet.");
        switch (t.Kind, action)
        {
            case ("Deployment" or "StatefulSet", ProcessAction.Restart):
                // What `kubectl rollout restart` does: a new template annotation, so the controller replaces every pod.
                var stamp = Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var patch = new V1Patch("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":""" + "\"" + stamp + "\"}}}}}", V1Patch.PatchType.StrategicMergePatch);
                if (t.Kind == "Deployment") await client.AppsV1.PatchNamespacedDeploymentAsync(patch, t.Name, t.Namespace, cancellationToken: ct);
                else await client.AppsV1.PatchNamespacedStatefulSetAsync(patch, t.Name, t.Namespace, cancellationToken: ct);
                break;
            case ("Pod", ProcessAction.Delete):
                await client.CoreV1.DeleteNamespacedPodAsync(t.Name, t.Namespace, cancellationToken: ct);
                break;
            default:
                throw new ArgumentException($"{action} does not apply to a {t.Kind}.", nameof(action));
        }
    }

    public override void Dispose()
    {
        _client?.Dispose();
        base.Dispose();
    }

    private interface IWatched
    {
        string Resource { get; }
        string? Version { get; set; }
        bool Connected { get; set; }
        Task ListAsync(IKubernetes client, CancellationToken ct);
        Task WatchAsync(IKubernetes client, Action<Exception> onError, Action changed, Func<bool> gone, CancellationToken ct);
    }

    /// <summary>One resource's objects by namespace/name and the version they are current at.</summary>
    private sealed class Watched<T>(
        string resource,
        Func<IKubernetes, CancellationToken, Task<(IList<T> Items, string? Version)>> list,
        Func<IKubernetes, string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) : IWatched
        where T : IKubernetesObject<V1ObjectMeta>
    {
        private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);

        public string Resource => resource;
        public string? Version { get; set; }
        public bool Connected { get; set; }
        public ICollection<T> Values => _items.Values;

        private static string Key(T o) => $"{o.Metadata?.NamespaceProperty}/{o.Metadata?.Name}";

        public async Task ListAsync(IKubernetes client, CancellationToken ct)
        {
            var (items, version) = await list(client, ct);
            _items.Clear();
            foreach (var o in items) _items[Key(o)] = o;
            Version = version ?? "";
        }

        public async Task WatchAsync(IKubernetes client, Action<Exception> onError, Action changed, Func<bool> gone, CancellationToken ct)
        {
            await foreach (var (type, o) in watch(client, Version, onError, ct))
            {
                if (gone()) break;
                if (o?.Metadata is null) continue;
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified: _items[Key(o)] = o; break;
                    case WatchEventType.Deleted: _items.TryRemove(Key(o), out _); break;
                }
                if (o.Metadata.ResourceVersion is { Length: > 0 } v) Version = v;
                if (type != WatchEventType.Bookmark) changed();
            }
        }
    }
}
