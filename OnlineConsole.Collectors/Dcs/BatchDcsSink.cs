using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Dcs;

namespace OnlineConsole.Collectors.Dcs;

/// <summary>The embedded demonstrator's sink: one step's messages into the store as one batch, by the same ingest as MQTT.</summary>
public sealed class BatchDcsSink(DcsIngest ingest) : IDcsSink
{
    private readonly List<DcsMessage> _batch = [];

    public void Publish(string topic, ReadOnlyMemory<byte> payload, bool retain) => _batch.Add(new DcsMessage(topic, payload));

    public void Flush()
    {
        if (_batch.Count == 0) return;
        ingest.Apply(_batch);
        _batch.Clear();
    }
}
