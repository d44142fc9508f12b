using Microsoft.Extensions.Options;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

/// <summary>
/// Refusals (403s, denied pages, refused setup, rate-limited sign-ins) in the audit without letting a flood fill
/// it: the first refusal of a kind from a user and address in a window is a row at once; the rest of that window
/// is one row with their count when the window closes. At most <see cref="MaxKeys"/> users and addresses are
/// told apart per window; beyond that they share one row.
/// </summary>
public sealed class RefusalAudit : IDisposable
{
    public const int MaxKeys = 1000;

    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<RefusalAudit> _logger;
    private readonly TimeSpan _window;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private Dictionary<(string Kind, string User, string Source), Bucket> _buckets = [];

    public RefusalAudit(IAuditLog audit, TimeProvider time, IOptions<SecurityOptions> options, ILogger<RefusalAudit> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_audit, _time, _logger, _window) = (audit, time ?? throw new ArgumentNullException(nameof(time)), logger, options.Value.RefusalAuditWindow);
        _timer = time.CreateTimer(_ => _ = FlushAsync(), null, _window, _window);
    }

    public void Record(string kind, string? user, string? source, string path)
    {
        var key = (kind, user ?? "anonymous", source ?? "unknown");
        bool first;
        lock (_gate)
        {
            if (!_buckets.ContainsKey(key) && _buckets.Count >= MaxKeys) key = (kind, "(many)", "(many)");
            first = !_buckets.TryGetValue(key, out var bucket);
            if (first) _buckets[key] = new Bucket(path);
            else bucket!.More++;
        }
        if (first) _ = AppendAsync(new AuditEntry(_time.GetUtcNow(), key.Item2, key.Item3, kind, path, null, null, null, "refused"));
    }

    /// <summary>Closes the window: one row per key that was refused again after its first row.</summary>
    public async Task FlushAsync()
    {
        Dictionary<(string Kind, string User, string Source), Bucket> closed;
        lock (_gate) (closed, _buckets) = (_buckets, []);
        foreach (var ((kind, user, source), bucket) in closed)
            if (bucket.More > 0)
                await AppendAsync(new AuditEntry(_time.GetUtcNow(), user, source, kind, bucket.FirstPath, null, null, null,
                    $"refused {bucket.More} more times within {_window.TotalSeconds:0.#} s"));
    }

    private async Task AppendAsync(AuditEntry entry)
    {
        try
        {
            await _audit.AppendAsync(entry);
        }
#pragma warning disable CA1031 // A refusal already happened; failing to record it must not fail the request.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Could not audit {Action} of {User} from {Address}", entry.Action, entry.User, entry.RemoteAddress);
        }
    }

    public void Dispose() => _timer.Dispose();

    private sealed class Bucket(string firstPath)
    {
        public string FirstPath { get; } = firstPath;
        public int More { get; set; }
    }
}
