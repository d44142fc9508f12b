using System.Buffers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using OnlineConsole.Collectors.Simulation;

namespace OnlineConsole.Collectors.Dcs;

/// <summary>
/// The DCS demonstrator over a real broker (`--simulate-into mqtt://host:port`): publishes its modules' readings
/// (set values and status retained, with their time) and obeys the commands sent to their set topics, as real
/// modules would. Reconnects after a lost broker; the modules keep their state meanwhile.
/// </summary>
public sealed class MqttDcsSimulator(IOptions<DcsMqttOptions> options, IOptions<SimulatorOptions> simulator, TimeProvider time, ILogger<MqttDcsSimulator> logger) : BackgroundService
{
    private readonly DcsMqttOptions _options = options.Value;
    private readonly SimulatorOptions _sim = simulator.Value;

    public DcsDemonstrator Demonstrator { get; } = new(simulator.Value.Seed, "dcs", simulator.Value.DcsCrates, simulator.Value.DcsBoards, simulator.Value.DcsChannels,
        simulator.Value.DcsLvChannels, simulator.Value.DcsSensorAreas, simulator.Value.DcsSensorsPerArea, simulator.Value.DcsRampRate, simulator.Value.DcsTripPeriod);

    /// <summary>Messages published since start.</summary>
    public long Published => Interlocked.Read(ref _published);

    private long _published;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("DCS demonstrator: {Channels} HV channels into {Source}", Demonstrator.HvChannels, _options.Source);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A lost broker is retried; the demonstrator must not stop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning("DCS demonstrator: {Source} failed, retrying in 1 s: {Error}", _options.Source, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            var payload = Encoding.UTF8.GetString(m.Payload.ToArray());
            if (!Demonstrator.Command(m.Topic, payload)) logger.LogWarning("DCS demonstrator: no module takes '{Payload}' on {Topic}", payload, m.Topic);
            return Task.CompletedTask;
        };
        MqttConnection.EnsureConnected(await client.ConnectAsync(MqttConnection.Options(_options, "online-console-demonstrator-" + Environment.MachineName), ct), _options);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var f in Demonstrator.CommandFilters) subscribe = subscribe.WithTopicFilter(f, MqttQualityOfServiceLevel.AtLeastOnce);
        await client.SubscribeAsync(subscribe.Build(), ct);
        var sink = new Sink();
        using var timer = new PeriodicTimer(_sim.FrameInterval, time);
        do
        {
            Demonstrator.Step(time.GetUtcNow(), _sim.FrameInterval, sink);
            foreach (var (topic, payload, retain) in sink.Drain())
            {
                // Readings at most once (the next one follows), set values and status at least once and retained.
                await client.PublishAsync(MqttConnection.Message(topic, payload, retain, retain ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce), ct);
                Interlocked.Increment(ref _published);
            }
            if (!client.IsConnected) throw new IOException("lost the connection to " + _options.Source);
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    private sealed class Sink : IDcsSink
    {
        private readonly List<(string, ReadOnlyMemory<byte>, bool)> _messages = [];

        public void Publish(string topic, ReadOnlyMemory<byte> payload, bool retain) => _messages.Add((topic, payload, retain));

        public List<(string, ReadOnlyMemory<byte>, bool)> Drain()
        {
            var list = new List<(string, ReadOnlyMemory<byte>, bool)>(_messages);
            _messages.Clear();
            return list;
        }
    }
}
