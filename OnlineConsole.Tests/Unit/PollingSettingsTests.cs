using OnlineConsole.Collectors.PostgreSql;
using OnlineConsole.Collectors.ZooKeeper;

namespace OnlineConsole.Tests.Unit;

/// <summary>The option checks the polled sources share: interval, timeout, names; every problem named at once.</summary>
[Trait("Category", "Unit")]
public sealed class PollingSettingsTests
{
    [Fact]
    public void A_bad_interval_a_long_timeout_and_repeated_or_missing_names_are_all_reported()
    {
        var zk = new ZooKeeperOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromSeconds(2),
            Ensembles = [new() { Name = "daq", Servers = ["zk1:2181"] }, new() { Name = "daq", Servers = ["zk2"] }, new() { Name = " ", Servers = ["zk3:2181"] }],
        };
        Assert.Equal(
        [
            "ZooKeeper:PollInterval must be between 00:00:01 and 01:00:00 (is 00:00:00.5000000).",
            "ZooKeeper:Timeout must be positive and at most PollInterval.",
            "ZooKeeper:Ensembles:1:Name 'daq' is used twice.",
            "ZooKeeper:Ensembles:2:Name is required.",
            "ZooKeeper:Ensembles:1:Servers: 'zk2' is not host:port.",
        ], zk.Validate());
        Assert.Empty(new ZooKeeperOptions { Ensembles = [new() { Name = "daq", Servers = ["zk1:2181"] }] }.Validate());
    }

    [Fact]
    public void PostgreSQL_timeouts_are_whole_seconds_at_least_one()
    {
        var pg = new PostgreSqlOptions { Timeout = TimeSpan.FromMilliseconds(500), Instances = [new() { Name = "db", ConnectionString = "Host=db1" }] };
        Assert.Equal(["PostgreSql:Timeout must be at least 1 s and at most PollInterval."], pg.Validate());
    }
}
