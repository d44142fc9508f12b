using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Collectors.KafkaHealth;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Kafka;

/// <summary>
/// The Kafka admin collector against librdkafka's mock cluster (3 brokers): brokers, topics, consumer lag from
/// committed offsets against high watermarks, a partition without a leader, a group without offsets, a cluster
/// nobody answers for; and which native library this machine loads.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KafkaHealthCollectorTests : IDisposable
{
    private const string Topic = "daq.log";
    private readonly KafkaMockCluster _kafka = new(brokers: 3);
    private readonly LiveStore _store = TestStores.Create(TimeProvider.System);

    public KafkaHealthCollectorTests()
    {
        _kafka.CreateTopic(Topic, partitions: 6, replication: 3);
        _kafka.CreateTopic("daq.metric", partitions: 2, replication: 3);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        for (var i = 0; i < 120; i++) producer.Produce(new TopicPartition(Topic, i % 6), new Message<Null, string> { Value = $$"""{"level":"INFO","text":"line {{i}}"}""" });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        // The archiver has read all but the last 10 messages of each partition: a lag of 60.
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers, GroupId = "log-archiver", EnableAutoCommit = false,
        }).Build();
        consumer.Commit([.. Enumerable.Range(0, 6).Select(p => new TopicPartitionOffset(Topic, p, 10))]);
    }

    public void Dispose()
    {
        _kafka.Dispose();
    }

    private KafkaHealthCollector Collector(string bootstrap, long lagWarning = 1000) =>
        new(_store, Options.Create(new KafkaHealthOptions
        {
            Timeout = TimeSpan.FromSeconds(3),
            Clusters = [new KafkaClusterOptions { Name = "daq", BootstrapServers = bootstrap, Groups = ["log-archiver", "never-ran"], LagWarning = lagWarning }],
        }), NullLogger<KafkaHealthCollector>.Instance);

    private ServiceHealth Row(string name) => _store.Services.Snapshot().Single(s => s.Name == name);

    [Fact]
    public void This_machine_loads_the_redist_build_that_needs_no_libsasl2_so_3_when_it_is_missing()
    {
        KafkaNative.Load();
        var saslThree = NativeLibrary.TryLoad("libsasl2.so.3", out var h);
        if (saslThree) NativeLibrary.Free(h);
        Assert.EndsWith(saslThree ? "/librdkafka.so" : "/centos8-librdkafka.so", KafkaNative.Loaded, StringComparison.Ordinal);
        Assert.StartsWith("2.16.", Library.VersionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brokers_topics_and_the_lag_of_a_group_are_read_and_a_partition_without_leader_turns_the_cluster_down()
    {
        using var collector = Collector(_kafka.BootstrapServers);
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        var cluster = Row("kafka/daq");
        Assert.Equal((ServiceState.Up, "3 brokers, 2 topics"), (cluster.State, cluster.Detail));
        Assert.Equal(3, _store.Services.Snapshot().Count(s => s.Kind == KafkaHealthCollector.BrokerKind && s.State == ServiceState.Up));
        var topic = Row("kafka/daq/topic/daq.log");
        Assert.Equal((ServiceState.Up, "6 partition(s), replication 3"), (topic.State, topic.Detail));
        Assert.Matches(@"^0:\d 1:\d 2:\d 3:\d 4:\d 5:\d$", topic.Facts.Single(f => f.Key == "Kafka.Fact.Leaders").Value);
        var group = Row("kafka/daq/group/log-archiver");
        Assert.Equal((ServiceState.Up, "lag 60 messages"), (group.State, group.Detail));
        Assert.Equal("10", group.Facts.Single(f => f.Key == "Kafka.Fact.MaxPartitionLag").Value);
        // A group that never committed has no lag to show: unknown, not zero.
        Assert.Equal((ServiceState.Unknown, "no committed offsets"), (Row("kafka/daq/group/never-ran").State, Row("kafka/daq/group/never-ran").Detail));

        _kafka.SetLeader(Topic, 2, -1);
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        Assert.Equal((ServiceState.Down, "1 of 6 partitions offline"), (Row("kafka/daq/topic/daq.log").State, Row("kafka/daq/topic/daq.log").Detail));
        Assert.Equal((ServiceState.Down, "1 offline partitions"), (Row("kafka/daq").State, Row("kafka/daq").Detail));
        Assert.Contains("2:none", Row("kafka/daq/topic/daq.log").Facts.Single(f => f.Key == "Kafka.Fact.Leaders").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lag_over_the_threshold_degrades_the_group()
    {
        using var collector = Collector(_kafka.BootstrapServers, lagWarning: 50);
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        Assert.Equal(ServiceState.Degraded, Row("kafka/daq/group/log-archiver").State);
    }

    [Fact]
    public async Task A_cluster_nobody_answers_for_is_down_and_says_so()
    {
        using var collector = Collector($"127.0.0.1:{AppProcess.FreeTcpPort()}");
        Assert.Equal(0, await collector.PollOnceAsync(CancellationToken.None));
        var cluster = Row("kafka/daq");
        Assert.Equal(ServiceState.Down, cluster.State);
        Assert.StartsWith("unreachable: ", cluster.Detail, StringComparison.Ordinal);
    }
}
