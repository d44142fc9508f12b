using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.RedisHealth;

/// <summary>Redis servers whose INFO is read each interval (section "RedisHealth"); none: the collector does not run.</summary>
public sealed class RedisHealthOptions : IValidatableOptions
{
    public const string Section = "RedisHealth";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A server using more than this share of its maxmemory is degraded (it is about to evict or refuse writes).</summary>
    public double MaxMemoryFraction { get; set; } = 0.9;

    public List<RedisHealthInstanceOptions> Instances { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        foreach (var e in PollingSettings.Check(Section, PollInterval, Timeout, TimeSpan.FromMilliseconds(100))) yield return e;
        foreach (var e in PollingSettings.UniqueNames(Section, "Instances", Instances.Select(s => s.Name))) yield return e;
        if (MaxMemoryFraction is <= 0 or > 1) yield return $"{Section}:MaxMemoryFraction must be above 0 and at most 1 (is {MaxMemoryFraction}).";
        for (var i = 0; i < Instances.Count; i++)
        {
            var endpoint = Instances[i].Endpoint;
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                yield return $"{Section}:Instances:{i}:Endpoint must be host:port (is '{endpoint}').";
        }
    }
}
