using System.Runtime.InteropServices;

namespace OnlineConsole.Collectors.Kafka;

/// <summary>
/// The one place that loads librdkafka for Confluent.Kafka. The redist package's default linux-x64 build links
/// libsasl2.so.3, which Debian 12 does not have (it ships .so.2), so it cannot load there; Confluent.Kafka's loader
/// then falls back to the package's centos8 build, which needs only glibc (no SASL/GSSAPI; PLAIN, SCRAM and TLS
/// still work). A path is never passed: Confluent.Kafka loads a given path through "libdl", which Debian only has
/// as libdl.so.2 (without libc6-dev), so the loader's own fallback is the one that works everywhere.
/// </summary>
public static class KafkaNative
{
    private static readonly Lock Gate = new();

    /// <summary>The file the loader took (on Linux x64), for the tests and the mock cluster; null until <see cref="Load"/>.</summary>
    public static string? Loaded { get; private set; }

    public static void Load()
    {
        lock (Gate)
        {
            if (Loaded is not null) return;
            Confluent.Kafka.Library.Load();
            var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
            Loaded = Path.Combine(native, SaslThreeLoads() ? "librdkafka.so" : "centos8-librdkafka.so");
        }
    }

    // The default build is taken exactly when its one extra dependency loads.
    private static bool SaslThreeLoads()
    {
        if (!NativeLibrary.TryLoad("libsasl2.so.3", out var sasl)) return false;
        NativeLibrary.Free(sasl);
        return true;
    }
}
