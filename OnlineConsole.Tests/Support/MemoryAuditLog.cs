using System.Collections.Concurrent;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Tests.Support;

/// <summary>Audit log kept in memory, for component tests that check what was audited.</summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEntry> _entries = new();

    public IReadOnlyCollection<AuditEntry> Entries => _entries;

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        _entries.Enqueue(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<AuditEntry> result = [.. _entries.Where(e => (query.User is null || e.User == query.User) && (query.ActionPrefix is null || e.Action.StartsWith(query.ActionPrefix, StringComparison.Ordinal))).Reverse().Take(query.Limit)];
        return Task.FromResult(result);
    }
}
