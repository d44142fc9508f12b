using MudBlazor;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Components.Detector;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Detector;
using OnlineConsole.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class LimitsEditorTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly TempSettingsDatabase _db = new();
    private readonly SettingsStore _settings;

    public LimitsEditorTests()
    {
        _settings = new SettingsStore(_db.Database, _ctx.Time);
        _ctx.Services.AddSingleton(new DetectorLimitsSettings(_settings, _ctx.Store));
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _db.Dispose();
    }

    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    private IRenderedComponent<LimitsEditor> Render(OperatorRole role, bool withAudit = true)
    {
        if (!withAudit) _ctx.Services.RemoveAll<IAuditLog>();
        _ctx.SignIn("alice", role.ToString());
        _dialogs = _ctx.Render<MudDialogProvider>();
        return _ctx.Render<LimitsEditor>();
    }

    [Fact]
    public void An_expert_changes_a_limit_and_the_change_is_audited_with_before_and_after()
    {
        var editor = Render(OperatorRole.Expert);
        editor.Find("[data-testid=limits-SPMT] td:nth-child(6) input").Change("5000");
        editor.Find("[data-testid=limits-save]").Click();
        Assert.Contains("SPMT", _dialogs.Find("[data-testid=confirm-effect]").TextContent, StringComparison.Ordinal);
        Assert.True(_dialogs.Find("[data-testid=confirm-send]").HasAttribute("disabled"));
        _dialogs.Find("[data-testid=limits-reason]").Input("new firmware");
        _dialogs.Find("[data-testid=confirm-send]").Click();
        editor.WaitForAssertion(() => Assert.Equal(5000, _ctx.Store.Channels.Limits.Small.HotAbove));
        var entry = Assert.Single(_ctx.Audit.Entries);
        Assert.Equal("limits.change", entry.Action);
        Assert.Equal("alice", entry.User);
        Assert.Equal("ok", entry.Outcome);
        Assert.Contains("\"HotAbove\":4000", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"HotAbove\":5000", entry.After, StringComparison.Ordinal);
        // Stored for the next start, in the form the audit shows.
        Assert.Equal(entry.After, _settings.Get(DetectorLimitsOptions.Section));
    }

    [Fact]
    public void Invalid_limits_are_refused_with_the_setting_named_and_nothing_changes()
    {
        var editor = Render(OperatorRole.Expert);
        editor.Find("[data-testid=limits-SPMT] td:nth-child(5) input").Change("9000");
        editor.Find("[data-testid=limits-save]").Click();
        // Invalid limits never get as far as the confirmation.
        Assert.Empty(_dialogs.FindAll("[data-testid=confirm-send]"));
        Assert.Contains("Detector:Limits:Small: High (9000) must be below HotAbove", editor.Find("[data-testid=limits-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1_800, _ctx.Store.Channels.Limits.Small.High);
        Assert.Empty(_ctx.Audit.Entries);
        Assert.Null(_settings.Get(DetectorLimitsOptions.Section));
    }

    [Fact]
    public void Cancelling_the_confirmation_changes_nothing()
    {
        var editor = Render(OperatorRole.Expert);
        editor.Find("[data-testid=limits-SPMT] td:nth-child(6) input").Change("5000");
        editor.Find("[data-testid=limits-save]").Click();
        _dialogs.Find("[data-testid=limits-reason]").Input("maybe");
        _dialogs.Find("[data-testid=confirm-cancel]").Click();
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid=confirm-send]")));
        Assert.Equal(4000, _ctx.Store.Channels.Limits.Small.HotAbove);
        Assert.Empty(_ctx.Audit.Entries);
        Assert.Empty(editor.FindAll("[data-testid=limits-saved]"));
    }

    [Fact]
    public void A_shifter_sees_the_limits_read_only()
    {
        var editor = Render(OperatorRole.Shifter);
        Assert.Empty(editor.FindAll("[data-testid=limits-save]"));
        Assert.All(editor.FindAll("input[type=number]"), i => Assert.True(i.HasAttribute("disabled")));
    }

    [Fact]
    public void Without_an_audit_log_nobody_can_change_limits()
    {
        var editor = Render(OperatorRole.Admin, withAudit: false);
        Assert.Empty(editor.FindAll("[data-testid=limits-save]"));
        Assert.Contains("no audit log", editor.Markup, StringComparison.Ordinal);
    }
}
