// The Redis client's share of the console's rate ingest, without the rest of the console: the three rate hashes
// (17,612 + 25,600 fields, as bench/redis-writer.mjs writes them) read with HGETALL and every field parsed as
// RedisCollector does. Compiles against StackExchange.Redis 1.x, 2.x and 3.x (-p:RedisVersion=...).
// Usage: RedisIngestBench PORT loop N [--copy] [--threadpool] [--resp3] [--scale X]   N reads back to back: CPU,
//          allocation and wall time per read
//        RedisIngestBench PORT hz N [...]   N reads once a second: CPU % of a core
// --copy: values copied into a stack buffer (RedisLink's way, 2.x and 3.x) instead of cast to byte[] (1.x's way);
// --threadpool: the 2.x client on the .NET thread pool instead of its own socket threads; --scale: hashes X times
// the size (is the cost per field constant?); --resp3: RESP3 instead of RESP2 (2.x and 3.x).
using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var mode = args[1];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var copy = args.Contains("--copy");
var threadPool = args.Contains("--threadpool");
var resp3 = args.Contains("--resp3");
var scaleAt = Array.IndexOf(args, "--scale");
var scaleText = scaleAt > 0 ? args[scaleAt + 1] : "1";
var scale = double.Parse(scaleText, CultureInfo.InvariantCulture);

var config = new ConfigurationOptions { AbortOnConnectFail = true };
config.EndPoints.Add("127.0.0.1", port);
#if REDIS_SPAN
config.Protocol = resp3 ? RedisProtocol.Resp3 : RedisProtocol.Resp2;
#endif
#if REDIS_SOCKETMANAGER
if (threadPool) config.SocketManager = SocketManager.ThreadPool;
#endif
using var mux = await ConnectionMultiplexer.ConnectAsync(config);
var db = mux.GetDatabase();
var keys = new[] { "juno:dcr:HPK", "juno:dcr:NNVT", "juno:dcr:SPMT" };
int[] sizes = [(int)(5000 * scale), (int)(12612 * scale), (int)(25600 * scale)];
if (scaleText != "1") keys = [.. keys.Select(k => k + ":x" + scaleText)];
for (var k = 0; k < keys.Length; k++)
{
    if (await db.KeyExistsAsync(keys[k])) continue;
    var entries = new HashEntry[sizes[k]];
    for (var i = 0; i < entries.Length; i++)
        entries[i] = new HashEntry((100000 * (k + 1) + i).ToString(CultureInfo.InvariantCulture), (20000 + i % 997 + 0.5).ToString(CultureInfo.InvariantCulture));
    await db.HashSetAsync(keys[k], entries);
}

var sink = 0.0;
async Task<int> ReadAll()
{
    var fields = 0;
    foreach (var key in keys)
    {
        var entries = await db.HashGetAllAsync(key);
        fields += entries.Length;
        foreach (var e in entries) sink += Parse(e.Name, e.Value);
    }
    return fields;
}

double Parse(RedisValue name, RedisValue value)
{
#if REDIS_SPAN
    if (copy)
    {
        Span<byte> f = stackalloc byte[128];
        Span<byte> v = stackalloc byte[128];
        return ParseBytes(f[..name.CopyTo(f)], v[..value.CopyTo(v)]);
    }
#endif
    return ParseBytes((byte[])name!, (byte[])value!);
}

static double ParseBytes(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
{
    int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id);
    float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate);
    return id + rate;
}

var self = Process.GetCurrentProcess();
for (var i = 0; i < 40; i++) await ReadAll(); // warm-up past tiering
GC.Collect();
self.Refresh();
var cpu0 = self.TotalProcessorTime;
var alloc0 = GC.GetTotalAllocatedBytes(true);
var gc0 = GC.CollectionCount(0);
var wall = Stopwatch.StartNew();
var reads = 0;
var fieldsRead = 0;
if (mode == "loop")
{
    for (; reads < count; reads++) fieldsRead += await ReadAll();
}
else
{
    var next = wall.Elapsed;
    for (; reads < count; reads++)
    {
        fieldsRead += await ReadAll();
        next += TimeSpan.FromSeconds(1);
        var wait = next - wall.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }
}
wall.Stop();
self.Refresh();
var cpuMs = (self.TotalProcessorTime - cpu0).TotalMilliseconds;
var allocMb = (GC.GetTotalAllocatedBytes(true) - alloc0) / 1e6;
var version = typeof(ConnectionMultiplexer).Assembly.GetName().Version;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"redis {version} {mode} {(copy ? "copy" : "array")}{(threadPool ? " threadpool" : "")}{(resp3 ? " resp3" : "")} x{scaleText}: {reads} reads of {fieldsRead / reads} fields; " +
    $"CPU {cpuMs / reads:F2} ms/read, {100 * cpuMs / wall.Elapsed.TotalMilliseconds:F1} % of a core; wall {wall.Elapsed.TotalMilliseconds / reads:F2} ms/read; " +
    $"alloc {allocMb / reads:F2} MB/read; gen0 {GC.CollectionCount(0) - gc0} (sink {sink % 10:F0})"));
