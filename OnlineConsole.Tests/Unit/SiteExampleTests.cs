using Microsoft.Extensions.Configuration;
using OnlineConsole.Collectors.Ceph;
using OnlineConsole.Collectors.ComputeNodes;
using OnlineConsole.Collectors.HttpHealth;
using OnlineConsole.Collectors.KafkaHealth;
using OnlineConsole.Collectors.Kubernetes;
using OnlineConsole.Collectors.PostgreSql;
using OnlineConsole.Collectors.RedisHealth;
using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Collectors.ZooKeeper;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The README's site example with every online-software section binds and passes each section's validation.</summary>
[Trait("Category", "Unit")]
public sealed class SiteExampleTests
{
    private static readonly IConfiguration Example = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(TestStores.RepoRoot(), "appsettings", "online-software.example.json")).Build();

    private static void Valid<T>(string section, Func<T, int> count) where T : class, IValidatableOptions, new()
    {
        var options = Example.GetSection(section).Get<T>() ?? throw new InvalidOperationException($"no {section} in the example");
        Assert.Empty(options.Validate());
        Assert.True(count(options) > 0, $"{section} configures nothing");
    }

    [Fact]
    public void Every_section_of_the_example_is_valid_and_configures_something()
    {
        Valid<KubernetesOptions>(KubernetesOptions.Section, o => o.Namespaces.Count);
        Valid<ComputeNodesOptions>(ComputeNodesOptions.Section, o => o.PrometheusUrl.Length);
        Valid<ZooKeeperOptions>(ZooKeeperOptions.Section, o => o.Ensembles.Count);
        Valid<KafkaHealthOptions>(KafkaHealthOptions.Section, o => o.Clusters.Count);
        Valid<CephOptions>(CephOptions.Section, o => o.Clusters.Count);
        Valid<RedisHealthOptions>(RedisHealthOptions.Section, o => o.Instances.Count);
        Valid<PostgreSqlOptions>(PostgreSqlOptions.Section, o => o.Instances.Count);
        Valid<HttpHealthOptions>(HttpHealthOptions.Section, o => o.Checks.Count);
        Valid<SupervisorOptions>(SupervisorOptions.Section, o => o.Instances.Count);
        Assert.Equal(["daq", "dq", "online"], Example.GetSection("Kubernetes:Namespaces").Get<string[]>() ?? []);
    }
}
