using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Alerting;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Alarms;

/// <summary>
/// The configured alarm sources, each registered as a collector ("alarms/NAME") so the Collectors page shows
/// what it posted, what was refused and when it last succeeded.
/// </summary>
public sealed class AlarmSourceRegistry
{
    private readonly Dictionary<string, AlarmSource> _sources = new(StringComparer.Ordinal);

    public AlarmSourceRegistry(IOptions<AlarmSourcesOptions> options, LiveStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        foreach (var (name, source) in options.Value.Sources)
        {
            // Validated at start: the token is there.
            var token = AlarmSourcesOptions.TokenOf(source) ?? throw new InvalidOperationException($"Alarms:Sources:{name} has no usable token.");
            var health = store.Collectors.Register(CollectorName(name), SourceName(name), source.ExpectedInterval);
            // A push endpoint is running as soon as it listens; it waits for posts rather than polling.
            health.SetState(CollectorState.Running);
            _sources[name] = new AlarmSource(name, token, health);
        }
    }

    public static string CollectorName(string source) => $"alarms/{source}";

    public static string SourceName(string source) => $"alarms:{source}";

    public AlarmSource? Find(string name) => _sources.GetValueOrDefault(name);

    public IReadOnlyCollection<AlarmSource> All => _sources.Values;
}
