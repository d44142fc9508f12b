using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Alarms;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
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
        _rules = new AlarmRuleSettings(new SettingsStore(_db.Database, _ctx.Time), _ctx.Store);
        _ctx.Services.AddSingleton(_rules);
        _ctx.Services.AddScoped<AlarmRuleActions>();
    }

    private readonly AlarmRuleSettings _rules;

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

    private static void OpenTab(IRenderedComponent<SettingsPage> page, string text) =>
        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains(text, StringComparison.Ordinal)).Click();

    [Fact]
    public async Task An_admin_changes_an_alarm_rule_sees_every_error_at_once_and_the_saved_rule_applies_persists_and_is_audited()
    {
        _ctx.SignIn("ada", "Admin");
        _ctx.Store.Alarms.Submit([new AlarmSignal("dcr:ch1", true, AlarmSeverity.Minor, "ch1 hot") { Source = BuiltInRules.Source, Rule = BuiltInRules.NetLink }]);
        var dialogs = _ctx.Render<MudBlazor.MudDialogProvider>();
        var page = _ctx.Render<SettingsPage>();
        OpenTab(page, "Alarm rules");
        page.WaitForElement($"[data-testid=rule-row][data-rule='{BuiltInRules.NetLink}'] [data-testid=rule-edit]").Click();

        page.Find("[data-testid=rule-on-delay]").Change("ten seconds");
        page.Find("[data-testid=rule-links]").Change("no bar here\nGrafana | javascript:alert(1)");
        var errors = page.FindAll(".set-errors li").Select(e => e.TextContent).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("'ten seconds' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'no bar here' needs a title", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("javascript:alert(1)", StringComparison.Ordinal));
        Assert.True(page.Find("[data-testid=rule-save]").HasAttribute("disabled"));

        page.Find("[data-testid=rule-on-delay]").Change("00:00:10");
        page.Find("[data-testid=rule-links]").Change("Switch map | /network");
        page.Find("[data-testid=rule-guidance]").Change("Call the network on-call at 8123.");
        Assert.Empty(page.FindAll(".set-errors li"));
        page.Find("[data-testid=rule-save]").Click();
        dialogs.WaitForElement("[data-testid=settings-reason]").Input("link flaps during maintenance");
        dialogs.Find("[data-testid=confirm-send]").Click();
        page.WaitForAssertion(() => Assert.Equal("ok", page.Find("[data-testid=settings-feedback]").GetAttribute("data-outcome")));

        var rule = _ctx.Store.Alarms.Options.Rules[BuiltInRules.NetLink];
        Assert.Equal((TimeSpan.FromSeconds(10), "Call the network on-call at 8123."), (rule.OnDelay, rule.Guidance));
        Assert.Equal("Call the network on-call at 8123.", _ctx.Store.Alarms.Find("dcr:ch1")!.Guidance);
        Assert.Contains(_ctx.Store.Alarms.Find("dcr:ch1")!.Links, l => l.Href == "/network");
        var audit = Assert.Single(_ctx.Audit.Entries, e => e.Action == AlarmRuleActions.ChangeAction);
        Assert.Equal(("ada", BuiltInRules.NetLink, "link flaps during maintenance"), (audit.User, audit.Target, audit.Reason));
        Assert.Contains("Check the port", audit.Before!, StringComparison.Ordinal);
        Assert.Contains("8123", audit.After!, StringComparison.Ordinal);

        // Kept in the settings database: the next start-up builds the store with it.
        var options = new AlarmOptions();
        new PersistedAlarmRulesSetup(new SettingsStore(_db.Database, _ctx.Time), NullLogger<PersistedAlarmRulesSetup>.Instance).PostConfigure(null, options);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Rules[BuiltInRules.NetLink].OnDelay);
        Assert.Equal(BuiltInRules.Defaults()[BuiltInRules.DcrChannel].Guidance, options.Rules[BuiltInRules.DcrChannel].Guidance);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_shifter_sees_the_rules_read_only_and_a_rule_change_that_reaches_the_server_is_refused_and_audited()
    {
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<SettingsPage>();
        OpenTab(page, "Alarm rules");
        page.WaitForElement($"[data-testid=rule-row][data-rule='{BuiltInRules.DcrChannel}'] [data-testid=rule-edit]").Click();
        Assert.True(page.Find("[data-testid=rule-editor]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=rule-save]").HasAttribute("disabled"));

        var result = await _ctx.Services.GetRequiredService<AlarmRuleActions>().SaveAsync(BuiltInRules.DcrChannel, new AlarmRule { Latch = true }, "latch it");
        Assert.Equal(ActionStatus.Refused, result.Status);
        Assert.False(_ctx.Store.Alarms.Options.Rules[BuiltInRules.DcrChannel].Latch);
        Assert.StartsWith("refused: role too low (needs Admin, account is Shifter)", Assert.Single(_ctx.Audit.Entries).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_adds_a_rule_for_an_external_alertname_and_its_alarms_get_the_guidance_and_a_bad_name_is_named()
    {
        _ctx.SignIn("ada", "Admin");
        var dialogs = _ctx.Render<MudBlazor.MudDialogProvider>();
        var page = _ctx.Render<SettingsPage>();
        OpenTab(page, "Alarm rules");
        page.WaitForElement("[data-testid=rule-new-name]").Change("Disk Full!");
        page.Find("[data-testid=rule-add]").Click();
        Assert.Contains(page.FindAll(".set-errors li"), e => e.TextContent.Contains("A rule name is 1 to 100 letters", StringComparison.Ordinal));

        page.Find("[data-testid=rule-new-name]").Change("DiskFull");
        page.Find("[data-testid=rule-add]").Click();
        Assert.Equal("DiskFull", page.Find("[data-testid=rule-editor]").GetAttribute("data-rule"));
        page.Find("[data-testid=rule-guidance]").Change("Free space on the DAQ disk; call the computing on-call.");
        page.Find("[data-testid=rule-save]").Click();
        dialogs.WaitForElement("[data-testid=settings-reason]").Input("guidance for the disk alerts");
        dialogs.Find("[data-testid=confirm-send]").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rule-row][data-rule=DiskFull]")));

        _ctx.Store.Alarms.Submit([new AlarmSignal("am/prom/DiskFull/1", true, AlarmSeverity.Critical, "Disk full on hd001") { Source = "alertmanager", Rule = "DiskFull" }]);
        Assert.Equal("Free space on the DAQ disk; call the computing on-call.", _ctx.Store.Alarms.Find("am/prom/DiskFull/1")!.Guidance);
        var audit = Assert.Single(_ctx.Audit.Entries, e => e.Action == AlarmRuleActions.ChangeAction);
        Assert.Equal("DiskFull", audit.Target);
    }
}
