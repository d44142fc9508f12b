using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class CounterRateTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public void Plain_increase() => Assert.Equal(100.0, CounterRate.PerSecond(1_000, 2_000, Ten, 64));

    [Fact]
    public void Counter32_wrap_counts_the_distance_through_zero() =>
        Assert.Equal(20.0, CounterRate.PerSecond(uint.MaxValue - 99, 100, Ten, 32));

    [Fact]
    public void Counter64_wrap() => Assert.Equal(1.0, CounterRate.PerSecond(ulong.MaxValue - 4, 5, Ten, 64));

    [Fact]
    public void Agent_restart_gives_no_rate_rather_than_a_huge_one() =>
        Assert.Null(CounterRate.PerSecond(5_000_000, 10, Ten, 32, TimeSpan.FromDays(3), TimeSpan.FromSeconds(8)));

    [Fact]
    public void No_time_elapsed_gives_no_rate() => Assert.Null(CounterRate.PerSecond(1, 2, TimeSpan.Zero, 64));
}
