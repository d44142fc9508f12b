using System.Runtime.InteropServices;
using System.Text;
namespace OnlineConsole.Collectors.Kafka;

/// <summary>
/// librdkafka's own mock cluster (a real Kafka protocol peer, in this process, on 127.0.0.1 ports), started through
/// the same native library the console loads; brokers can be taken down and partitions left without a leader.
/// It does not serve ListGroups or DescribeGroups, and does not end a member's session on LeaveGroup. For the tests,
/// the benchmarks and `--simulate-into kafka://mock`: a Kafka to try the whole message path on a machine without one.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate IntPtr ConfNew();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate IntPtr KafkaNew(int type, IntPtr conf, StringBuilder err, UIntPtr size);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate IntPtr ClusterNew(IntPtr rk, int brokers);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate IntPtr Bootstraps(IntPtr mc);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int TopicCreate(IntPtr mc, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replication);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int BrokerSet(IntPtr mc, int broker);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int PartitionSetLeader(IntPtr mc, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, int broker);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate void Destroy(IntPtr handle);

    private readonly IntPtr _lib;
    private readonly IntPtr _rk;
    private readonly IntPtr _mc;

    public KafkaMockCluster(int brokers = 3)
    {
        KafkaNative.Load();
        _lib = NativeLibrary.Load(KafkaNative.Loaded!);
        var err = new StringBuilder(512);
        _rk = F<KafkaNew>("rd_kafka_new")(0, F<ConfNew>("rd_kafka_conf_new")(), err, (UIntPtr)err.Capacity);
        if (_rk == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_new: " + err);
        _mc = F<ClusterNew>("rd_kafka_mock_cluster_new")(_rk, brokers);
        if (_mc == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        BootstrapServers = Marshal.PtrToStringUTF8(F<Bootstraps>("rd_kafka_mock_cluster_bootstraps")(_mc))!;
    }

    public string BootstrapServers { get; }

    private T F<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(_lib, name));

    public void CreateTopic(string topic, int partitions, int replication) => Check(F<TopicCreate>("rd_kafka_mock_topic_create")(_mc, topic, partitions, replication), "topic_create");

    public void BrokerDown(int broker) => Check(F<BrokerSet>("rd_kafka_mock_broker_set_down")(_mc, broker), "broker_set_down");

    public void BrokerUp(int broker) => Check(F<BrokerSet>("rd_kafka_mock_broker_set_up")(_mc, broker), "broker_set_up");

    /// <summary>-1 leaves the partition without a leader (offline).</summary>
    public void SetLeader(string topic, int partition, int broker) => Check(F<PartitionSetLeader>("rd_kafka_mock_partition_set_leader")(_mc, topic, partition, broker), "partition_set_leader");

    private static void Check(int err, string what)
    {
        if (err != 0) throw new InvalidOperationException($"rd_kafka_mock_{what}: error {err}");
    }

    public void Dispose()
    {
        F<Destroy>("rd_kafka_mock_cluster_destroy")(_mc);
        F<Destroy>("rd_kafka_destroy")(_rk);
        NativeLibrary.Free(_lib);
    }
}
