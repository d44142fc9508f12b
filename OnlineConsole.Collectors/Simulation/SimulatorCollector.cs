using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>Hosts the simulator as a collector: one frame per FrameInterval, on a periodic timer.</summary>
public sealed class SimulatorCollector : CollectorService
{
    private readonly SimulatorOptions _options;
    private readonly ILogger<SimulatorCollector> _logger;

    public SimulatorCollector(LiveStore store, IOptions<SimulatorOptions> options, ILogger<SimulatorCollector> logger)
        : base(store, logger, "simulator", DetectorSimulator.SourceName, options.Value.FrameInterval)
    {
        _options = options.Value;
        _logger = logger;
        Simulator = new DetectorSimulator(_options, store);
    }

    public DetectorSimulator Simulator { get; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("Simulated detector: {Channels} channels, seed {Seed}, frame every {Interval}", Store.Channels.Geometry.Count, _options.Seed, _options.FrameInterval);
        using var timer = new PeriodicTimer(_options.FrameInterval, Time);
        do
        {
            Simulator.Step(Time.GetUtcNow());
            Health.CountReceived(Store.Channels.Geometry.Count);
            Health.Succeeded(Time.GetUtcNow());
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
