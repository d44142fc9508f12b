using System.Globalization;
using System.Threading.Channels;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Alarms;

/// <summary>
/// Hands the bodies of concurrent posts to the alarm system together: every submit rebuilds the alarm snapshot
/// over all alarms, so at 10,000 alarms one submit per post of 50 alerts cost 20-30 ms of CPU (bench/RESULTS.md).
/// One reader takes whatever has queued up meanwhile (up to <see cref="MaxSignalsPerSubmit"/>) as one submit and
/// answers each post with its own share of the result.
/// </summary>
public sealed class AlarmIngestQueue : BackgroundService
{
    public const int MaxSignalsPerSubmit = 20_000;

    private readonly IAlarmIngest _ingest;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public AlarmIngestQueue(IAlarmIngest ingest) => _ingest = ingest;

    public Task<AlarmIngestResult> SubmitAsync(IReadOnlyList<AlarmSignal> signals)
    {
        var pending = new Pending(signals);
        if (!_queue.Writer.TryWrite(pending)) pending.Done.SetException(new InvalidOperationException("The console is stopping."));
        return pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        var signals = new List<AlarmSignal>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                signals.Clear();
                while (signals.Count < MaxSignalsPerSubmit && _queue.Reader.TryRead(out var p))
                {
                    batch.Add(p);
                    signals.AddRange(p.Signals);
                }
                Answer(batch, batch.Count == 1 ? _ingest.Submit(batch[0].Signals) : _ingest.Submit(signals));
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled(CancellationToken.None);
        }
    }

    /// <summary>Errors are "#INDEX (key): ..." over the whole submit; each post gets those of its own signals, renumbered.</summary>
    private static void Answer(List<Pending> batch, AlarmIngestResult result)
    {
        if (batch.Count == 1)
        {
            batch[0].Done.TrySetResult(result);
            return;
        }
        var errors = batch.Select(_ => new List<string>()).ToList();
        foreach (var error in result.Errors)
        {
            var end = error.IndexOf(' ', StringComparison.Ordinal);
            var index = error.StartsWith('#') && end > 1 && int.TryParse(error.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0;
            var owner = 0;
            while (owner < batch.Count - 1 && index >= batch[owner].Signals.Count)
            {
                index -= batch[owner].Signals.Count;
                owner++;
            }
            errors[owner].Add(string.Create(CultureInfo.InvariantCulture, $"#{index}{error[Math.Max(end, 0)..]}"));
        }
        for (var b = 0; b < batch.Count; b++)
            batch[b].Done.TrySetResult(new AlarmIngestResult(batch[b].Signals.Count - errors[b].Count, errors[b]));
    }

    private sealed class Pending(IReadOnlyList<AlarmSignal> signals)
    {
        public IReadOnlyList<AlarmSignal> Signals { get; } = signals;
        public TaskCompletionSource<AlarmIngestResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
