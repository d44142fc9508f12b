using Microsoft.AspNetCore.Components;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Components.Live;

/// <summary>
/// A component that shows live store data: it subscribes to the areas it names, reads a snapshot on start and
/// after each change batch (merged, at least 100 ms apart), renders once per batch, and removes its subscription
/// when disposed.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private ChangeHub.StoreSubscription? _subscription;
    private Task _pump = Task.CompletedTask;

    [Inject] public required ILiveView Store { get; init; }
    [Inject] public required ILogger<LiveComponentBase> Logger { get; init; }

    /// <summary>The store areas this component shows.</summary>
    protected abstract StoreArea Areas { get; }

    /// <summary>Shortest time between renders caused by store changes.</summary>
    protected virtual TimeSpan? BatchWindow => null;

    /// <summary>Batches received (tests and diagnostics).</summary>
    public long BatchesReceived { get; private set; }

    /// <summary>Renders caused by store changes (tests and diagnostics).</summary>
    public long LiveRenders { get; private set; }

    /// <summary>
    /// What the component shows, as a value with equality (a tuple or record), or null to render after every
    /// batch. When a batch leaves it unchanged, the component is not rendered: rendering is most of a page's
    /// server cost, and most batches (a new second of rates) change nothing a given component shows.
    /// </summary>
    protected virtual object? ViewKey => null;

    private object? _shownKey;

    /// <summary>Read what is shown from the store; runs on the renderer's thread.</summary>
    protected abstract void ReadSnapshot(ChangeBatch? batch);

    protected override void OnInitialized()
    {
        ReadSnapshot(null);
        _shownKey = ViewKey;
        // During prerendering the component lives for one render only: no subscription needed.
        if (!RendererInfo.IsInteractive) return;
        _subscription = Store.Changes.Subscribe(Areas, BatchWindow);
        _pump = PumpAsync(_subscription, _cts.Token);
    }

    private async Task PumpAsync(ChangeHub.StoreSubscription subscription, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in subscription.Reader.ReadAllAsync(ct))
            {
                await InvokeAsync(() =>
                {
                    BatchesReceived++;
                    ReadSnapshot(batch);
                    var key = ViewKey;
                    if (key is not null && key.Equals(_shownKey)) return;
                    _shownKey = key;
                    LiveRenders++;
                    StateHasChanged();
                    // The render ran inside StateHasChanged (we are on the renderer's context): its diff is ready.
                    // Timed from the batch leaving the hub, so the merge window (by design) is not counted.
                    Store.UpdateLatency.Record(Store.Time.GetElapsedTime(batch.EmittedTimestamp));
                });
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex)
        {
            // Never let a background failure vanish or kill the circuit silently.
            Logger.LogError(ex, "Live update of {Component} failed", GetType().Name);
        }
    }

    /// <summary>Releases what a derived component owns (JS modules, ...); runs after the subscription is removed.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _cts.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // Expected on dispose.
        }
        _cts.Dispose();
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }
}
