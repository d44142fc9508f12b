using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace OnlineConsole.Components.Live;

/// <summary>
/// A live component that owns a JS module: imports it after the first render, lets the derived component create
/// its view in it once, feeds it after every render, and releases view and module on dispose. The cases every
/// owner met by hand are handled here once: the page left while the module (or the view) was still loading (the
/// module is then released as soon as it arrives, never kept), the circuit gone (<see cref="JSDisconnectedException"/>),
/// and a call in flight when the component is disposed. A browser-side error is logged and shown in <see cref="Error"/>.
/// </summary>
public abstract class JsModuleComponent : LiveComponentBase
{
    private IJSObjectReference? _module;
    private DotNetObjectReference<JsModuleComponent>? _self;
    private bool _disposed;

    [Inject] public required IJSRuntime JS { get; init; }

    /// <summary>Path of the module, relative to the app's base (e.g. <c>./js/topology.js</c>).</summary>
    protected abstract string ModulePath { get; }

    /// <summary>The browser's last error message, if a module call failed.</summary>
    protected string? Error { get; private set; }

    /// <summary>The module, once imported and the view created; null before and after (then nothing is sent).</summary>
    protected IJSObjectReference? Module => _disposed ? null : _module;

    /// <summary>This component for the module's callbacks (<c>[JSInvokable]</c> methods of the derived type).</summary>
    protected DotNetObjectReference<JsModuleComponent> Self => _self ??= DotNetObjectReference.Create(this);

    /// <summary>Modules imported and released (tests and diagnostics).</summary>
    public int ModulesReleased { get; private set; }

    /// <summary>Creates the view in the freshly imported module (once, after the first render).</summary>
    protected abstract Task CreateAsync(IJSObjectReference module);

    /// <summary>Sends what changed since the last call; runs after every render once the view exists.</summary>
    protected virtual Task FeedAsync(IJSObjectReference module) => Task.CompletedTask;

    /// <summary>Releases the view in the module (its dispose function); the module itself is released by the base.</summary>
    protected virtual Task ReleaseAsync(IJSObjectReference module) => Task.CompletedTask;

    protected sealed override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            IJSObjectReference module;
            try
            {
                module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            }
            catch (Exception ex) when (Gone(ex))
            {
                return;
            }
            catch (JSException ex)
            {
                Fail(ex);
                return;
            }
            var created = await CallAsync(() => CreateAsync(module));
            // Left while the module or its view was loading: release them now, nothing else holds them.
            if (_disposed || !created)
            {
                await ReleaseModuleAsync(module, created);
                return;
            }
            _module = module;
        }
        if (Module is { } m) await CallAsync(() => FeedAsync(m));
    }

    /// <summary>
    /// Runs a call into the module (from an event handler or a feed) with the one error policy: a gone circuit or a
    /// call overtaken by dispose is dropped, a browser error is logged and shown. Returns false when the call failed.
    /// </summary>
    protected async Task<bool> CallAsync(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
            return true;
        }
        catch (Exception ex) when (Gone(ex))
        {
            return false;
        }
        catch (JSException ex)
        {
            Fail(ex);
            return false;
        }
    }

    /// <summary>Runs a call into the module if it is loaded (nothing otherwise), under <see cref="CallAsync"/>.</summary>
    protected Task CallModuleAsync(Func<IJSObjectReference, Task> call) =>
        Module is { } m ? CallAsync(() => call(m)) : Task.CompletedTask;

    private bool Gone(Exception ex) =>
        ex is JSDisconnectedException || (_disposed && ex is ObjectDisposedException or OperationCanceledException or JSException);

    private void Fail(JSException ex)
    {
        Error = ex.Message;
        Logger.LogWarning("{Component}: {Module} failed in the browser: {Error}", GetType().Name, ModulePath, ex.Message);
        _ = InvokeAsync(StateHasChanged);
    }

    private async Task ReleaseModuleAsync(IJSObjectReference module, bool releaseView)
    {
        try
        {
            if (releaseView) await ReleaseAsync(module);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or JSException or ObjectDisposedException or OperationCanceledException)
        {
            // The circuit or the page is gone; the browser freed the view with it.
        }
        try
        {
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser freed the module with the page.
        }
        ModulesReleased++;
    }

    /// <summary>Releases what the derived component owns besides the module; runs after the module is released.</summary>
    protected virtual ValueTask DisposeModuleOwnerAsync() => ValueTask.CompletedTask;

    protected sealed override async ValueTask DisposeCoreAsync()
    {
        // Set first: a render, import or create still in flight sees it and releases what it gets.
        _disposed = true;
        var module = _module;
        _module = null;
        if (module is not null) await ReleaseModuleAsync(module, releaseView: true);
        _self?.Dispose();
        await DisposeModuleOwnerAsync();
    }
}
