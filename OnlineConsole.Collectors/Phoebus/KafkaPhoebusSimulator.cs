using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Collectors.Simulation;

namespace OnlineConsole.Collectors.Phoebus;

/// <summary>
/// The simulated Phoebus alarm server against a real Kafka (`--simulate-into kafka://`): writes its configuration
/// and state records to the topic named after its configuration ("JUNO") and takes acknowledgements from
/// "JUNOCommand", as the real server does.
/// </summary>
public sealed class KafkaPhoebusSimulator(string bootstrapServers, IOptions<SimulatorOptions> simulator, TimeProvider time, ILogger<KafkaPhoebusSimulator> logger) : BackgroundService
{
    private readonly SimulatedPhoebus _server = new(simulator.Value.Seed);

    public string Config => _server.Config;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken ct)
    {
        KafkaNative.Load();
        using var producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5, ClientId = "phoebus-alarm-server-simulator" }).Build();
        using var commands = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers, GroupId = "phoebus-alarm-server-simulator", AutoOffsetReset = AutoOffsetReset.Latest, EnableAutoCommit = true,
        }).Build();
        commands.Subscribe(_server.Config + "Command");
        logger.LogInformation("Simulated Phoebus alarm server writing {Topic} into {Bootstrap}", _server.Config, bootstrapServers);
        var next = time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            if (time.GetUtcNow() >= next)
            {
                next += simulator.Value.FrameInterval;
                foreach (var (key, value) in _server.Step(time.GetUtcNow())) producer.Produce(_server.Config, new Message<string, byte[]?> { Key = key!, Value = value });
                producer.Poll(TimeSpan.Zero);
            }
            try
            {
                if (commands.Consume(TimeSpan.FromMilliseconds(100)) is { Message: { Key: { } k, Value: { } v } } && k.StartsWith(PhoebusMessages.CommandPrefix, StringComparison.Ordinal))
                {
                    using var json = JsonDocument.Parse(v);
                    if (json.RootElement.TryGetProperty("command", out var c) && c.GetString() == "acknowledge")
                        _server.Acknowledge(k[PhoebusMessages.CommandPrefix.Length..], time.GetUtcNow());
                }
            }
            catch (ConsumeException ex)
            {
                logger.LogDebug("Simulated Phoebus: {Error}", ex.Error.Reason);
            }
            catch (JsonException ex)
            {
                logger.LogWarning("Simulated Phoebus: a command that is not JSON: {Error}", ex.Message);
            }
        }
        producer.Flush(TimeSpan.FromSeconds(5));
    }
}
