using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Collectors;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RedisRegistrationTests
{
    private static IServiceCollection Register(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddCollectors(config);
    }

    [Fact]
    public void A_redis_section_replaces_the_simulator_and_takes_run_commands()
    {
        var services = Register(new() { ["Redis:Endpoints:0"] = "127.0.0.1:6379" });
        Assert.Contains(services, d => d.ServiceType == typeof(RedisCollector));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(SimulatorCollector));
        Assert.Single(services, d => d.ServiceType == typeof(IRunControl));
        Assert.Contains(services, d => d.ServiceType == typeof(Microsoft.Extensions.Options.IValidateOptions<RedisOptions>) && d.ImplementationType == typeof(ListingOptionsValidator<RedisOptions>));
    }

    [Fact]
    public void The_acl_user_is_bound_from_configuration_and_a_bad_one_stops_start_up_naming_the_setting()
    {
        using var good = Register(new() { ["Redis:Endpoints:0"] = "127.0.0.1:6379", ["Redis:User"] = "console" }).BuildServiceProvider();
        Assert.Equal("console", good.GetRequiredService<Microsoft.Extensions.Options.IOptions<RedisOptions>>().Value.User);

        using var bad = Register(new() { ["Redis:Endpoints:0"] = "127.0.0.1:6379", ["Redis:User"] = "daq console" }).BuildServiceProvider();
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => bad.GetRequiredService<Microsoft.Extensions.Options.IOptions<RedisOptions>>().Value);
        Assert.Contains("Redis:User must be an ACL user name of at most 128 characters without spaces.", ex.Failures);
    }

    [Fact]
    public void Without_redis_the_simulator_takes_run_commands()
    {
        var services = Register([]);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(RedisCollector));
        Assert.Equal(typeof(SimulatorRunControl), services.Single(d => d.ServiceType == typeof(IRunControl)).ImplementationType);
    }
}
