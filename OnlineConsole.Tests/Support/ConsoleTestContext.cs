using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Hosting;
using OnlineConsole.Security;

namespace OnlineConsole.Tests.Support;

/// <summary>
/// The one bUnit context for component tests: a live store on a manual clock, an in-memory audit, the services every
/// page needs (localization, site options, MudBlazor, the action guard) and an interactive server renderer.
/// A test adds what is particular to it through <see cref="BunitContext.Services"/> before its first render.
/// </summary>
public class ConsoleTestContext : BunitContext
{
    public ManualTimeProvider Time { get; } = new();
    public LiveStore Store { get; }
    public MemoryAuditLog Audit { get; } = new();
    public MemoryAccountDirectory Accounts { get; } = new();
    private BunitAuthorizationContext? _auth;

    /// <summary>Authorization, added on first use: it resolves services, after which none can be added.</summary>
    public BunitAuthorizationContext Auth => _auth ??= this.AddAuthorization();

    public ConsoleTestContext()
    {
        Store = TestStores.Create(Time);
        Services.AddSingleton(Store);
        Services.AddSingleton<ILiveView>(Store);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<IAuditLog>(Audit);
        Services.AddLogging();
        Services.AddLocalization();
        Services.AddSingleton(Options.Create(new SiteOptions()));
        Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        Services.AddSingleton<IAccountDirectory>(Accounts);
        Services.AddScoped<ActionService>();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>How components see the renderer; interactive server unless a test says otherwise before rendering.</summary>
    public RendererInfo RenderAs { get; set; } = new("Server", isInteractive: true);

    private bool _prepared;

    /// <summary>
    /// Adds authorization and sets the renderer info, which resolve services: after this no service can be added.
    /// Rendering does it; call it first when a test resolves a service (e.g. the NavigationManager) before rendering.
    /// </summary>
    public void Prepare()
    {
        if (_prepared) return;
        _prepared = true;
        _ = Auth;
        SetRendererInfo(RenderAs);
    }

    public new IRenderedComponent<TComponent> Render<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameterBuilder = null)
        where TComponent : IComponent
    {
        Prepare();
        return base.Render(parameterBuilder);
    }

    /// <summary>
    /// Renders as this user with these roles (the principal's roles, as sign-in issues them); the account in
    /// <see cref="Accounts"/> gets the highest of them unless the test set it already.
    /// </summary>
    public void SignIn(string name, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        Auth.SetAuthorized(name);
        Auth.SetRoles(roles);
        if (Accounts.Find(name) is null)
            Accounts.Set(name, roles.Select(Enum.Parse<OperatorRole>).DefaultIfEmpty(OperatorRole.Display).Max());
    }
}
