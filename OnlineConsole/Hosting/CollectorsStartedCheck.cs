using Microsoft.Extensions.Diagnostics.HealthChecks;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Hosting;

/// <summary>/readyz: ready once every collector has started (failing collectors still count as started).</summary>
public sealed class CollectorsStartedCheck(LiveStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var collectors = store.Collectors.Snapshot();
        var starting = collectors.Where(c => c.State == CollectorState.Starting).Select(c => c.Name).ToList();
        var data = collectors.ToDictionary(c => c.Name, c => (object)c.State.ToString());
        return Task.FromResult(starting.Count == 0
            ? HealthCheckResult.Healthy($"{collectors.Count} collector(s) started.", data)
            : HealthCheckResult.Unhealthy($"Not started yet: {string.Join(", ", starting)}.", data: data));
    }
}
