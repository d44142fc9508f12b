using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Kubernetes;

/// <summary>
/// An HTTP host on 127.0.0.1 that answers as a Kubernetes API server documents list and watch
/// (GET .../pods, GET .../pods?watch=true&amp;resourceVersion=N: one JSON event per line), starting from recorded
/// API JSON (recorded/*.json). Tests change objects (each change gets the next resource version and goes to every
/// open watch), break every open watch, expire old versions (a watch from one gets an ERROR event with a 410
/// Status, as the API server sends it), write a malformed line, and take PATCH and DELETE requests.
/// </summary>
public sealed class KubeApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private long _version = 184203;
    private long _oldest;

    public KubeApiHost(IReadOnlyDictionary<string, JsonObject>? lists = null, int? port = null)
    {
        var recorded = Path.Combine(TestStores.RepoRoot(), "OnlineConsole.Tests", "Kubernetes", "recorded");
        JsonObject Load(string file) => lists?.GetValueOrDefault(file) ?? JsonNode.Parse(File.ReadAllText(Path.Combine(recorded, file)))!.AsObject();
        Add(NodesPath, Load("nodes.json"), "Node");
        Add(PodsPath, Load("pods.json"), "Pod");
        Add(DeploymentsPath, Load("deployments.json"), "Deployment");
        Add(StatefulSetsPath, Load("statefulsets.json"), "StatefulSet");
        Add(EventsPath, Load("events.json"), "Event");
        Port = port ?? AppProcess.FreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.Use(async (HttpContext ctx, RequestDelegate _) => await ServeAsync(ctx));
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public const string NodesPath = "/api/v1/nodes";
    public const string PodsPath = "/api/v1/namespaces/daq/pods";
    public const string DeploymentsPath = "/apis/apps/v1/namespaces/daq/deployments";
    public const string StatefulSetsPath = "/apis/apps/v1/namespaces/daq/statefulsets";
    public const string EventsPath = "/api/v1/events";

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every request as "METHOD path?query", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Bodies of PATCH requests by path.</summary>
    public ConcurrentQueue<(string Path, string Body)> Patches { get; } = new();

    /// <summary>Answer PATCH and DELETE with 403 Forbidden, as an API server does for an account without the RBAC verb.</summary>
    public bool Forbid { get; set; }

    public int Lists(string path) => Requests.Count(r => r.StartsWith("GET " + path, StringComparison.Ordinal) && !r.Contains("watch=true", StringComparison.Ordinal));

    public IReadOnlyList<string> Watches(string path) =>
        [.. Requests.Where(r => r.StartsWith("GET " + path, StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal))];

    public int OpenWatches(string path)
    {
        lock (_gate) return _resources[path].Watchers.Count;
    }

    public long Version => Interlocked.Read(ref _version);

    private void Add(string path, JsonObject list, string kind) =>
        _resources[path] = new Resource(kind, list["apiVersion"]!.GetValue<string>(), list["items"]!.AsArray().Select(i => i!.AsObject()).ToDictionary(Key, i => (JsonObject)i.DeepClone(), StringComparer.Ordinal));

    private static string Key(JsonObject o) => $"{o["metadata"]?["namespace"]}/{o["metadata"]!["name"]}";

    /// <summary>Adds or changes an object (ADDED or MODIFIED to every watch) and returns its new resource version.</summary>
    public string Put(string path, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        lock (_gate)
        {
            var r = _resources[path];
            var v = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var copy = (JsonObject)obj.DeepClone();
            copy["metadata"]!["resourceVersion"] = v;
            var type = r.Items.ContainsKey(Key(copy)) ? "MODIFIED" : "ADDED";
            r.Items[Key(copy)] = copy;
            Send(r, Event(type, r, copy));
            return v;
        }
    }

    /// <summary>Deletes an object; the watches get DELETED unless <paramref name="silently"/> (a change made while nobody watched).</summary>
    public void Delete(string path, string ns, string name, bool silently = false)
    {
        lock (_gate)
        {
            var r = _resources[path];
            if (!r.Items.Remove($"{ns}/{name}", out var gone)) throw new ArgumentException($"no {ns}/{name} in {path}");
            gone["metadata"]!["resourceVersion"] = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!silently) Send(r, Event("DELETED", r, gone));
        }
    }

    public JsonObject Get(string path, string ns, string name)
    {
        lock (_gate) return (JsonObject)_resources[path].Items[$"{ns}/{name}"].DeepClone();
    }

    /// <summary>Cuts every open watch mid-stream (the connection is reset, as when an API server or proxy goes away).</summary>
    public void BreakWatches()
    {
        lock (_gate)
            foreach (var r in _resources.Values)
                foreach (var w in r.Watchers) w.Writer.TryComplete(new IOException("cut"));
    }

    /// <summary>Forgets every version up to now: open watches get a 410 ERROR event and end; a watch from an old version gets the same.</summary>
    public void Expire()
    {
        lock (_gate)
        {
            _oldest = _version;
            foreach (var r in _resources.Values)
                foreach (var w in r.Watchers)
                {
                    w.Writer.TryWrite(GoneLine);
                    w.Writer.TryComplete();
                }
        }
    }

    /// <summary>Writes a line that is not a watch event to every open watch of <paramref name="path"/>.</summary>
    public void SendMalformed(string path)
    {
        lock (_gate) Send(_resources[path], """{"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":["not","a","name"]}}}""");
    }

    private const string GoneLine = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 184203 (184290)","reason":"Expired","code":410}}""";

    private static string Event(string type, Resource r, JsonObject o)
    {
        var copy = (JsonObject)o.DeepClone();
        copy["kind"] = r.Kind;
        copy["apiVersion"] = r.ApiVersion;
        return new JsonObject { ["type"] = type, ["object"] = copy }.ToJsonString();
    }

    private static void Send(Resource r, string line)
    {
        foreach (var w in r.Watchers) w.Writer.TryWrite(line);
    }

    private async Task ServeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        Requests.Enqueue($"{ctx.Request.Method} {path}{ctx.Request.QueryString}");
        if (ctx.Request.Method is "PATCH" or "DELETE")
        {
            await ActAsync(ctx, path);
            return;
        }
        Resource? resource;
        lock (_gate) resource = _resources.GetValueOrDefault(path);
        if (resource is null || ctx.Request.Method != "GET")
        {
            ctx.Response.StatusCode = 404;
            await ctx.Response.WriteAsJsonAsync(new { kind = "Status", apiVersion = "v1", status = "Failure", message = $"the server could not find the requested resource ({path})", reason = "NotFound", code = 404 });
            return;
        }
        if (ctx.Request.Query["watch"] == "true")
        {
            await WatchAsync(ctx, resource);
            return;
        }
        string body;
        lock (_gate)
        {
            var list = new JsonObject
            {
                ["kind"] = resource.Kind + "List", ["apiVersion"] = resource.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["items"] = new JsonArray([.. resource.Items.Values.Select(i => i.DeepClone())]),
            };
            body = list.ToJsonString();
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body);
    }

    private async Task WatchAsync(HttpContext ctx, Resource resource)
    {
        var from = long.TryParse(ctx.Request.Query["resourceVersion"], out var v) ? v : 0;
        var channel = Channel.CreateUnbounded<string>();
        lock (_gate)
        {
            if (from < _oldest)
            {
                channel.Writer.TryWrite(GoneLine);
                channel.Writer.TryComplete();
            }
            else resource.Watchers.Add(channel);
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.FlushAsync();
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(ctx.RequestAborted))
            {
                await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }
        catch (IOException)
        {
            // BreakWatches: reset the connection instead of ending the stream cleanly.
            ctx.Abort();
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate) resource.Watchers.Remove(channel);
        }
    }

    private async Task ActAsync(HttpContext ctx, string path)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (Forbid)
        {
            ctx.Response.StatusCode = 403;
            await ctx.Response.WriteAsJsonAsync(new
            {
                kind = "Status", apiVersion = "v1", status = "Failure", reason = "Forbidden", code = 403,
                message = $"deployments.apps is forbidden: User \"system:serviceaccount:online:console\" cannot {ctx.Request.Method.ToLowerInvariant()} resource in API group \"apps\" in the namespace \"daq\"",
            });
            return;
        }
        // ".../deployments/<name>" or ".../pods/<name>": the collection, then the object.
        var cut = path.LastIndexOf('/');
        var (collection, name) = (path[..cut], path[(cut + 1)..]);
        JsonObject obj;
        lock (_gate)
        {
            if (!_resources.TryGetValue(collection, out var r) || !r.Items.TryGetValue($"daq/{name}", out var found))
            {
                ctx.Response.StatusCode = 404;
                return;
            }
            obj = (JsonObject)found.DeepClone();
        }
        if (ctx.Request.Method == "DELETE")
        {
            // A pod's deletion answers with the pod (graceful deletion returns the object, not a Status).
            Delete(collection, "daq", name);
            obj["kind"] = "Pod";
            obj["apiVersion"] = "v1";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(obj.ToJsonString());
            return;
        }
        Patches.Enqueue((path, body));
        var annotation = JsonNode.Parse(body)?["spec"]?["template"]?["metadata"]?["annotations"]?.AsObject();
        var meta = obj["spec"]!["template"]!["metadata"]!.AsObject();
        meta["annotations"] = annotation?.DeepClone();
        Put(collection, obj);
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(obj.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        BreakWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Resource(string Kind, string ApiVersion, Dictionary<string, JsonObject> Items)
    {
        public List<Channel<string>> Watchers { get; } = [];
    }
}
