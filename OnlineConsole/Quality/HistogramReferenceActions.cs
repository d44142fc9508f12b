using System.Text.Json;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Security;

namespace OnlineConsole.Quality;

/// <summary>
/// Marking a run's histogram as the reference its name is compared with: experts, with a reason, audited with the
/// run before and after, and kept in the settings database so a restarted console compares with the same run.
/// </summary>
public sealed class HistogramReferenceActions(ActionService actions, HistogramReferences references)
{
    public const string Action = "histogram.reference";

    public Task<ActionResult> SetAsync(string name, long? run, string? reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return actions.RunAsync(new ConsoleAction(Action, name, OperatorRole.Expert, reason), who =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            var before = references.Set(name, run, who.Name);
            return Task.FromResult(new ActionAudit("ok", Describe(before), Describe(run)));
        });
    }

    private static string Describe(long? run) => run is { } r ? "run " + r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "previous run";
}

/// <summary>The marked reference runs, in the settings database and in the store.</summary>
public sealed class HistogramReferences(SettingsStore settings, LiveStore store, ILogger<HistogramReferences> logger)
{
    public const string Key = "histograms.references";
    private readonly Lock _gate = new();

    /// <summary>Puts the saved references into the store (at start, and when another replica saved them); a reference no longer saved is cleared.</summary>
    public void Load()
    {
        if (settings.Get(Key) is not { } json) return;
        try
        {
            var saved = JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
            lock (_gate)
            {
                foreach (var name in store.Histograms.References().Keys.Where(n => !saved.ContainsKey(n)).ToList()) store.Histograms.SetReference(name, null);
                foreach (var (name, run) in saved) store.Histograms.SetReference(name, run);
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "The saved {Key} cannot be read; histograms are compared with the previous run", Key);
        }
    }

    /// <summary>Sets or clears one name's reference; returns the run it had.</summary>
    public long? Set(string name, long? run, string changedBy)
    {
        lock (_gate)
        {
            var all = new Dictionary<string, long>(store.Histograms.References(), StringComparer.Ordinal);
            var before = all.TryGetValue(name, out var had) ? had : (long?)null;
            if (run is { } r) all[name] = r;
            else all.Remove(name);
            settings.Set(Key, JsonSerializer.Serialize(all), changedBy);
            store.Histograms.SetReference(name, run);
            return before;
        }
    }
}

/// <summary>Loads the saved references when the console starts.</summary>
public sealed class HistogramReferencesStartup(HistogramReferences references) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        references.Load();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
