using OnlineConsole.Collectors.RedisHealth;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The simulator plays Redis health in the collector's shape, and stays out of it when a real one is configured.</summary>
[Trait("Category", "Unit")]
public sealed class SimulatedRedisTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_simulated_master_and_replica_carry_the_collector_s_facts_and_go_away_when_real_redis_is_watched(bool simulated)
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time);
        var simulator = new DetectorSimulator(new SimulatorOptions { RedisHealth = simulated }, store);
        simulator.Step(time.GetUtcNow());
        var rows = store.Services.Snapshot().Where(s => s.Kind == RedisHealthCollector.Kind).ToList();
        if (!simulated)
        {
            Assert.Empty(rows);
            return;
        }
        Assert.Equal([RedisHealthCollector.ServiceName("run-control"), RedisHealthCollector.ServiceName("run-control-replica")], rows.Select(r => r.Name).Order());
        Assert.All(rows, r => Assert.Equal(ServiceState.Up, r.State));
        Assert.All(rows, r => Assert.Contains(r.Facts, f => f.Key == "Redis.Fact.Role"));
    }
}
