using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Replication;

/// <summary>
/// Which console replica does the work that must happen once (polling, receiving syslog, evaluating alarm rules,
/// sending notifications). A single console is always the holder; with high availability a lease in the shared
/// database decides, and <see cref="Acquired"/> / <see cref="Lost"/> report it. Work that must run once awaits
/// <see cref="RunWhileHolderAsync"/>, which cancels it the moment the lease is lost.
/// </summary>
public sealed class Leadership : ILeadershipView
{
    private readonly Lock _gate = new();
    private readonly ChangeHub? _hub;
    private CancellationTokenSource? _held;
    private TaskCompletionSource<CancellationToken> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A console on its own: it holds the lease from the start and never loses it.</summary>
    public Leadership(ChangeHub? hub = null)
    {
        _hub = hub;
        Replica = Environment.MachineName;
        Acquired(Replica, DateTimeOffset.UnixEpoch, 0);
    }

    /// <summary>A replica that waits for the lease.</summary>
    public Leadership(string replica, ChangeHub? hub = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(replica);
        _hub = hub;
        Replica = replica;
        Replicated = true;
    }

    /// <summary>This replica's name, as written on the lease.</summary>
    public string Replica { get; }

    /// <summary>True when replicas share the work through a lease.</summary>
    public bool Replicated { get; }

    public bool IsHolder
    {
        get { lock (_gate) return _held is not null; }
    }

    /// <summary>Who holds the lease now (null while nobody is known to).</summary>
    public string? Holder { get; private set; }

    /// <summary>Since when <see cref="Holder"/> holds it.</summary>
    public DateTimeOffset? HolderSince { get; private set; }

    /// <summary>Counts the hand-overs: each new holder takes a higher epoch.</summary>
    public long Epoch { get; private set; }

    /// <summary>When this replica last read or renewed the lease; the lease view turns stale without it.</summary>
    public DateTimeOffset? CheckedAt { get; private set; }

    /// <summary>Raised after every change of holder (on the thread that reported it).</summary>
    public event EventHandler? Changed;

    /// <summary>This replica holds the lease (taken or renewed).</summary>
    public void Acquired(string holder, DateTimeOffset since, long epoch, DateTimeOffset? checkedAt = null)
    {
        bool changed;
        lock (_gate)
        {
            CheckedAt = checkedAt ?? CheckedAt;
            changed = _held is null || Holder != holder || Epoch != epoch;
            Holder = holder;
            HolderSince = since;
            Epoch = epoch;
            if (_held is null)
            {
                _held = new CancellationTokenSource();
                _acquired.TrySetResult(_held.Token);
            }
        }
        if (changed) Raise();
    }

    /// <summary>Another replica holds the lease (or nobody can be known to: the database is away).</summary>
    public void Lost(string? holder, DateTimeOffset? since, long epoch, DateTimeOffset? checkedAt = null)
    {
        CancellationTokenSource? held;
        bool changed;
        lock (_gate)
        {
            CheckedAt = checkedAt ?? CheckedAt;
            changed = _held is not null || Holder != holder || Epoch != epoch;
            held = _held;
            _held = null;
            if (held is not null) _acquired = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            Holder = holder;
            HolderSince = since;
            Epoch = epoch;
        }
        if (held is not null)
        {
            held.Cancel();
            held.Dispose();
        }
        if (changed) Raise();
    }

    /// <summary>Waits until this replica holds the lease; the token returned is cancelled when it is lost.</summary>
    public Task<CancellationToken> WaitForLeaseAsync(CancellationToken stoppingToken)
    {
        Task<CancellationToken> task;
        lock (_gate) task = _acquired.Task;
        return task.WaitAsync(stoppingToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> each time this replica takes the lease, cancelled when it loses it, until
    /// <paramref name="stoppingToken"/>. <paramref name="standby"/> runs meanwhile on a replica that does not hold it.
    /// </summary>
    public async Task RunWhileHolderAsync(Func<CancellationToken, Task> work, CancellationToken stoppingToken, Action? standby = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!IsHolder) standby?.Invoke();
            CancellationToken held;
            try
            {
                held = await WaitForLeaseAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held);
            try
            {
                await work(both.Token).ConfigureAwait(false);
                if (!held.IsCancellationRequested) return; // the work ended by itself
            }
            catch (OperationCanceledException) when (both.IsCancellationRequested)
            {
                // Lease lost or stopping: wait for the next turn.
            }
        }
    }

    private void Raise()
    {
        _hub?.Publish(StoreArea.Collectors, urgent: true);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}

/// <summary>What pages may read of the lease.</summary>
public interface ILeadershipView
{
    string Replica { get; }
    bool Replicated { get; }
    bool IsHolder { get; }
    string? Holder { get; }
    DateTimeOffset? HolderSince { get; }
    long Epoch { get; }
    DateTimeOffset? CheckedAt { get; }
}
