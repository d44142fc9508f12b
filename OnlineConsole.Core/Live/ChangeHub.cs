using System.Threading.Channels;

namespace OnlineConsole.Core.Live;

/// <summary>
/// Fans store changes out to subscribers. Changes are merged per subscriber into batches at least one window
/// apart (the first change after a quiet period goes out at once), and queued in a bounded channel that drops
/// the oldest batch when the subscriber is slow. Batches carry only which areas changed: the subscriber reads
/// the current snapshot, so a dropped batch loses no data, only an intermediate state. An urgent change (a source
/// going stale or live again) waits only the shortest window, whatever window the subscriber asked for, so that a
/// summary page batching once a second turns stale together with the header.
/// </summary>
public sealed class ChangeHub : IChangeFeed
{
    private readonly TimeProvider _time;
    private readonly StoreOptions _options;
    private readonly Lock _gate = new();
    private Subscriber[] _subscribers = [];
    private long _published;

    public ChangeHub(TimeProvider time, StoreOptions options)
    {
        _time = time;
        _options = options;
    }

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Changes published since start (for health and benchmarks).</summary>
    public long PublishedCount => Interlocked.Read(ref _published);

    public void Publish(StoreArea areas, bool urgent = false)
    {
        if (areas == StoreArea.None) return;
        Interlocked.Increment(ref _published);
        foreach (var s in Volatile.Read(ref _subscribers)) s.OnChange(areas, urgent);
    }

    /// <summary>Subscribe to changes of <paramref name="interest"/>. Dispose the subscription to remove it.</summary>
    /// <exception cref="InvalidOperationException">The subscriber limit is reached.</exception>
    public StoreSubscription Subscribe(StoreArea interest, TimeSpan? window = null)
    {
        var w = window is { } requested && requested > _options.MinBatchWindow ? requested : _options.MinBatchWindow;
        var subscriber = new Subscriber(this, interest, w, _options.SubscriberQueueCapacity);
        lock (_gate)
        {
            if (_subscribers.Length >= _options.MaxSubscribers)
            {
                subscriber.Complete();
                throw new InvalidOperationException($"The live store has reached Store:MaxSubscribers ({_options.MaxSubscribers}).");
            }
            _subscribers = [.. _subscribers, subscriber];
        }
        return subscriber.Subscription;
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber));
        }
        subscriber.Complete();
    }

    private sealed class Subscriber
    {
        private readonly ChangeHub _hub;
        private readonly StoreArea _interest;
        private readonly TimeSpan _window;
        private readonly Channel<ChangeBatch> _queue;
        private readonly ITimer _timer;
        private readonly Lock _gate = new();
        private StoreArea _pending;
        private int _pendingCount;
        private bool _armed;
        private long _armedDueTimestamp;
        private bool _completed;
        private bool _resyncNext;
        private long _lastEmitTimestamp = long.MinValue;
        private long _firstPendingTimestamp;
        private long _sequence;
        private long _dropped;

        public Subscriber(ChangeHub hub, StoreArea interest, TimeSpan window, int capacity)
        {
            _hub = hub;
            _interest = interest;
            _window = window;
            _queue = Channel.CreateBounded<ChangeBatch>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => { Interlocked.Increment(ref _dropped); lock (_gate) _resyncNext = true; });
            _timer = hub._time.CreateTimer(static s => ((Subscriber)s!).Flush(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Subscription = new StoreSubscription(this);
        }

        public StoreSubscription Subscription { get; }
        public ChannelReader<ChangeBatch> Reader => _queue.Reader;
        public long Dropped => Interlocked.Read(ref _dropped);

        public void OnChange(StoreArea areas, bool urgent)
        {
            var relevant = areas & _interest;
            if (relevant == StoreArea.None) return;
            lock (_gate)
            {
                if (_completed) return;
                var now = _hub._time.GetTimestamp();
                if (_pendingCount == 0) _firstPendingTimestamp = now;
                _pending |= relevant;
                _pendingCount++;
                var window = urgent ? _hub._options.MinBatchWindow : _window;
                var sinceLast = _lastEmitTimestamp == long.MinValue ? TimeSpan.MaxValue : _hub._time.GetElapsedTime(_lastEmitTimestamp, now);
                var due = sinceLast >= window ? TimeSpan.Zero : window - sinceLast;
                var dueTimestamp = now + (long)(due.TotalSeconds * _hub._time.TimestampFrequency);
                // Already due no later: the pending change rides along.
                if (_armed && _armedDueTimestamp <= dueTimestamp) return;
                _armed = true;
                _armedDueTimestamp = dueTimestamp;
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }

        private void Flush()
        {
            ChangeBatch batch;
            lock (_gate)
            {
                _armed = false;
                if (_completed || _pending == StoreArea.None) return;
                _lastEmitTimestamp = _hub._time.GetTimestamp();
                batch = new ChangeBatch(_pending, ++_sequence, _pendingCount, _resyncNext, _firstPendingTimestamp, _lastEmitTimestamp);
                _pending = StoreArea.None;
                _pendingCount = 0;
                _resyncNext = false;
            }
            _queue.Writer.TryWrite(batch);
        }

        public void Complete()
        {
            lock (_gate)
            {
                if (_completed) return;
                _completed = true;
            }
            _timer.Dispose();
            _queue.Writer.TryComplete();
        }

        public void Unsubscribe() => _hub.Remove(this);
    }

    /// <summary>A live subscription. Read <see cref="Reader"/> until it completes; dispose to unsubscribe.</summary>
    public sealed class StoreSubscription : IDisposable
    {
        private readonly Subscriber _owner;
        private int _disposed;

        internal StoreSubscription(object owner) => _owner = (Subscriber)owner;

        public ChannelReader<ChangeBatch> Reader => _owner.Reader;

        /// <summary>Batches dropped because this subscriber fell behind.</summary>
        public long DroppedBatches => _owner.Dropped;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Unsubscribe();
        }
    }
}
