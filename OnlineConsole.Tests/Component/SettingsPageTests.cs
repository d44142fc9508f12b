using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;
using OnlineConsole.Hosting;
using OnlineConsole.Notifications;
using OnlineConsole.Security;
using OnlineConsole.Tests.Notifications;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

/// <summary>
/// The settings page over a real settings database: what a shifter is refused on the server (whatever the page showed),
/// and the dead letters an admin resends.
/// </summary>
[Trait("Category", "Component")]
public sealed class SettingsPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly TempSettingsDatabase _db = new();
    private readonly NotificationSettings _settings;
    private readonly NotificationOutbox _outbox;

    public SettingsPageTests()
    {
        var files = new NotificationOptions
        {
            Enabled = true,
            ContactPoints = [NotificationTestData.Hook("hook")],
            Route = new RouteOptions { ContactPoints = ["hook"] },
        };
        _settings = NotificationTestData.Settings(_db.Database, files, _ctx.Time);
        _outbox = new NotificationOutbox(_db.Database);
        var service = new NotificationService(_ctx.Store, _ctx.Store.Alarms, _outbox, _settings, Options.Create(new SiteOptions()), _ctx.Time,
            NullLogger<NotificationService>.Instance);
        _ctx.Services.AddSingleton(_settings);
        _ctx.Services.AddSingleton(_outbox);
        _ctx.Services.AddSingleton(service);
        _ctx.Services.AddScoped<NotificationActions>();
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _db.Dispose();
    }

    private NotificationActions Actions => _ctx.Services.GetRequiredService<NotificationActions>();

    private string DeadLetter()
    {
        var now = _ctx.Time.GetUtcNow();
        var message = new OutgoingNotification
        {
            IdempotencyKey = "hook-dead-1",
            ContactPoint = "hook",
            Kind = NotificationKind.Group,
            CreatedAt = now,
            Alarms = [NotifiedAlarm.From(NotificationTestData.Alarm("pmt:17"), false)],
        };
        Assert.Equal(1, _outbox.Enqueue([message], now));
        Assert.Single(_outbox.Claim("test", now, TimeSpan.FromMinutes(1), 10));
        _outbox.MarkFailed(message.IdempotencyKey, "test", "HTTP 503 from the receiver", now, dead: true);
        return message.IdempotencyKey;
    }

    [Fact]
    public async Task A_shifter_reads_the_settings_but_every_change_is_refused_on_the_server_and_audited_and_no_version_is_made()
    {
        _ctx.SignIn("sam", "Shifter");
        var key = DeadLetter();
        var page = _ctx.Render<SettingsPage>();
        Assert.Contains("Shifter", page.Find("[data-testid=settings-read-only]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, _settings.Current.Version);

        // Calls that reach the server anyway (a page built before a demotion, a crafted circuit message) get nowhere.
        var change = await Actions.ChangeAsync("general", "turn it off", 0, o => o.Enabled = false);
        var restore = await Actions.RestoreAsync(0, "back", 0);
        var import = await Actions.ImportAsync("enabled: false\n", "import", 0);
        var resend = await Actions.ResendAsync(key, "again");
        var (test, sent) = await Actions.SendTestAsync(NotificationTestData.Hook("hook"), "hook");

        Assert.All([change, restore, import, resend, test], r => Assert.Equal(ActionStatus.Refused, r.Status));
        Assert.Null(sent);
        Assert.Equal(0, _settings.Current.Version);
        Assert.True(_settings.Current.Options.Enabled);
        Assert.Single(_settings.History());
        Assert.Equal(NotificationOutbox.Dead, _outbox.Find(key)!.State);
        Assert.Equal(5, _ctx.Audit.Entries.Count);
        Assert.All(_ctx.Audit.Entries, e =>
        {
            Assert.Equal("sam", e.User);
            Assert.StartsWith("refused: role too low (needs Admin, account is Shifter)", e.Outcome, StringComparison.Ordinal);
        });
        Assert.Equal(["notifications.change", "notifications.change", "notifications.change", "notifications.resend", "notifications.test"],
            _ctx.Audit.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task An_admin_sees_a_dead_letter_with_its_error_and_resends_it_with_a_reason_keeping_its_idempotency_key()
    {
        _ctx.SignIn("ada", "Admin");
        var key = DeadLetter();
        var dialogs = _ctx.Render<MudBlazor.MudDialogProvider>();
        var page = _ctx.Render<SettingsPage>();
        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Delivery", StringComparison.Ordinal)).Click();

        var row = page.WaitForElement($"[data-testid=dead-row][data-key='{key}']");
        Assert.Equal("HTTP 503 from the receiver", row.QuerySelector("[data-testid=dead-error]")!.TextContent.Trim());
        Assert.Equal("1", page.Find("[data-testid=delivery-dead]").GetAttribute("data-count"));
        row.QuerySelector("[data-testid=dead-resend]")!.Click();
        dialogs.WaitForElement("[data-testid=settings-reason]").Input("receiver is back after maintenance");
        dialogs.Find("[data-testid=confirm-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("ok", page.Find("[data-testid=settings-feedback]").GetAttribute("data-outcome")));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=dead-none]")));
        var entry = _outbox.Find(key)!;
        Assert.Equal((NotificationOutbox.Pending, 0, (string?)null), (entry.State, entry.Attempts, entry.LastError));
        var audit = Assert.Single(_ctx.Audit.Entries, e => e.Action == NotificationActions.ResendAction);
        Assert.Equal(("ada", key, "receiver is back after maintenance"), (audit.User, audit.Target, audit.Reason));
        Assert.StartsWith("ok: queued again for hook", audit.Outcome, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", audit.Before!, StringComparison.Ordinal);

        // A second resend of the same key finds nothing to resend and says so.
        var again = await Actions.ResendAsync(key, "twice");
        Assert.Equal(ActionStatus.Invalid, again.Status);
    }
}
