using OnlineConsole.Collectors.Notifications;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Security;

namespace OnlineConsole.Notifications;

/// <summary>
/// Every change to the notification configuration, through the one action service: admins only (checked against the
/// account's current role, whatever the page showed), always with a reason, each a new version, audited with the
/// lines it removed and added (secrets masked). Pages hand in masked copies; secrets are resolved here. Scoped.
/// </summary>
public sealed class NotificationActions(ActionService actions, NotificationSettings settings, NotificationService service,
    NotificationOutbox outbox, TimeProvider time)
{
    public const string ChangeAction = "notifications.change";
    public const string TestAction = "notifications.test";
    public const string ResendAction = "notifications.resend";

    /// <summary>What the outbox holds: counts by state and the newest dead letters (the payload names alarms, no secret).</summary>
    public (long Pending, long Dead, IReadOnlyList<OutboxEntry> DeadLetters) Delivery(int limit = 200) =>
        (outbox.Count(NotificationOutbox.Pending), outbox.Count(NotificationOutbox.Dead), outbox.DeadLetters(limit));

    /// <summary>Puts a dead letter back in the queue with fresh attempts (same idempotency key). Admins, with a reason.</summary>
    public Task<ActionResult> ResendAsync(string key, string? reason)
    {
        ArgumentNullException.ThrowIfNull(key);
        return actions.RunAsync(new ConsoleAction(ResendAction, key, OperatorRole.Admin, reason), _ =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            if (outbox.Find(key) is not { State: NotificationOutbox.Dead } dead || !outbox.Resend(key, time.GetUtcNow()))
                throw new ArgumentException($"No dead letter with key {key}: it was resent or sent already.");
            return Task.FromResult(new ActionAudit($"ok: queued again for {dead.ContactPoint}",
                $"dead after {dead.Attempts} attempts: {dead.LastError}", "pending"));
        });
    }

    /// <summary>The configuration as a page may hold it: secrets masked.</summary>
    public (NotificationOptions Options, long Version, IReadOnlyList<string> Problems) Masked()
    {
        var c = settings.Current;
        return (NotificationSecrets.Masked(c.Options), c.Version, c.Problems);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the version the page opened (<paramref name="basedOn"/>) and stores the
    /// result. <paramref name="change"/> edits a copy whose secrets are masked; the masks resolve to the stored secrets
    /// by contact point name (<paramref name="renames"/> maps a renamed point's new name to its old one).
    /// </summary>
    public Task<ActionResult> ChangeAsync(string target, string? reason, long basedOn, Action<NotificationOptions> change,
        IReadOnlyDictionary<string, string>? renames = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        return actions.RunAsync(new ConsoleAction(ChangeAction, target, OperatorRole.Admin, reason), who =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            var current = settings.Current;
            if (current.Version != basedOn)
                throw new ArgumentException($"The configuration changed since version {basedOn} was opened (now {current.Version}, by {current.ChangedBy}); reload and make the change again.");
            var next = NotificationSecrets.Masked(current.Options);
            change(next);
            Resolve(next, current.Options, renames);
            var saved = settings.Save(next, basedOn, who.Name, reason.Trim(), target);
            return Task.FromResult(Audit(current, saved));
        });
    }

    /// <summary>Stores an earlier version again, as the newest one.</summary>
    public Task<ActionResult> RestoreAsync(long version, string? reason, long basedOn) =>
        actions.RunAsync(new ConsoleAction(ChangeAction, $"restore version {version}", OperatorRole.Admin, reason), who =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            var current = settings.Current;
            var old = settings.Load(version);
            if (old.Problems.Count > 0) throw new ArgumentException(string.Join(" ", old.Problems));
            var saved = settings.Save(old.Options, basedOn, who.Name, reason.Trim(), $"restore version {version}");
            return Task.FromResult(Audit(current, saved));
        });

    /// <summary>Replaces the configuration by an imported YAML file; secrets it lacks are kept from the contact point of the same name.</summary>
    public Task<ActionResult> ImportAsync(string yaml, string? reason, long basedOn) =>
        actions.RunAsync(new ConsoleAction(ChangeAction, "import", OperatorRole.Admin, reason), who =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            NotificationOptions imported;
            try
            {
                imported = NotificationYaml.Import(yaml);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
            var current = settings.Current;
            KeepSecrets(imported, current.Options);
            var saved = settings.Save(imported, basedOn, who.Name, reason.Trim(), "import");
            return Task.FromResult(Audit(current, saved));
        });

    /// <summary>
    /// Sends a test message to a contact point as the form holds it (masked secrets resolve to the stored point named
    /// <paramref name="storedName"/>). Admins only and audited: it reaches real people.
    /// </summary>
    public async Task<(ActionResult Action, SendResult? Send)> SendTestAsync(ContactPointOptions edited, string? storedName)
    {
        ArgumentNullException.ThrowIfNull(edited);
        SendResult? send = null;
        var done = await actions.RunAsync(new ConsoleAction(TestAction, edited.Name, OperatorRole.Admin, "send test"), async _ =>
        {
            var point = NotificationJson.Copy(edited);
            NotificationSecrets.Resolve(point, settings.Current.Options.ContactPoints.FirstOrDefault(p => p.Name == (storedName ?? edited.Name)));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            send = await service.SendTestAsync(point, cts.Token);
            return new ActionAudit(send.Sent ? "ok: test sent" : "test not delivered: " + send.Error, null, null);
        });
        return (done, send);
    }

    /// <summary>The validation problems <paramref name="change"/> would cause, all at once (empty when it would save).</summary>
    public IReadOnlyList<string> Check(Action<NotificationOptions> change, IReadOnlyDictionary<string, string>? renames = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var current = settings.Current;
        var next = NotificationSecrets.Masked(current.Options);
        change(next);
        try
        {
            Resolve(next, current.Options, renames);
        }
        catch (ArgumentException ex)
        {
            return [ex.Message];
        }
        return [.. next.Validate()];
    }

    /// <summary>What importing <paramref name="yaml"/> would do: every problem, or the masked lines it changes.</summary>
    public (IReadOnlyList<string> Errors, IReadOnlyList<DiffLine> Diff) CheckImport(string yaml)
    {
        NotificationOptions imported;
        try
        {
            imported = NotificationYaml.Import(yaml);
        }
        catch (FormatException ex)
        {
            return ([ex.Message], []);
        }
        var current = settings.Current.Options;
        try
        {
            KeepSecrets(imported, current);
        }
        catch (ArgumentException ex)
        {
            return ([ex.Message], []);
        }
        var errors = imported.Validate().ToList();
        return errors.Count > 0 ? (errors, []) : ([], LineDiff.Compare(MaskedYaml(current), MaskedYaml(imported)));
    }

    /// <summary>The file to download: the configuration in force, no secret in it.</summary>
    public string ExportYaml() => ExportYaml(settings.Current);

    public static string ExportYaml(NotificationConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var at = c.ChangedAt is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "-";
        return NotificationYaml.Export(c.Options, $"""
            OnlineConsole notification configuration, version {c.Version} (changed {at} by {(c.ChangedBy.Length > 0 ? c.ChangedBy : "the configuration files")}).
            Secrets (robot keys, SMTP passwords, tokens) are left out: an import keeps those of the contact points with the same name and kind.
            """);
    }

    private static void Resolve(NotificationOptions next, NotificationOptions current, IReadOnlyDictionary<string, string>? renames)
    {
        foreach (var p in next.ContactPoints)
        {
            var was = renames is not null && renames.TryGetValue(p.Name, out var old) ? old : p.Name;
            NotificationSecrets.Resolve(p, current.ContactPoints.FirstOrDefault(c => c.Name == was));
        }
    }

    private static void KeepSecrets(NotificationOptions imported, NotificationOptions current)
    {
        foreach (var p in imported.ContactPoints)
        {
            if (current.ContactPoints.FirstOrDefault(c => c.Name == p.Name && c.Kind == p.Kind) is not { } was) continue;
            foreach (var (_, get, set) in NotificationSecrets.Fields)
                if (get(p) is null) set(p, get(was));
        }
        foreach (var p in imported.ContactPoints)
            foreach (var (_, get, _) in NotificationSecrets.Fields)
                if (NotificationSecrets.IsMask(get(p))) throw new ArgumentException($"Contact point '{p.Name}' holds a masked secret; leave secrets out of the file or give them in full.");
    }

    /// <summary>The audit's before/after: the masked YAML lines the change removed and added.</summary>
    private static ActionAudit Audit(NotificationConfig before, NotificationConfig after)
    {
        var diff = LineDiff.Compare(Yaml(before), Yaml(after));
        var removed = string.Join("\n", diff.Where(d => d.Kind == DiffKind.Removed).Select(d => d.Text.Trim()));
        var added = string.Join("\n", diff.Where(d => d.Kind == DiffKind.Added).Select(d => d.Text.Trim()));
        return new ActionAudit($"ok: version {after.Version}", $"version {before.Version}\n{removed}", $"version {after.Version}\n{added}");
    }

    /// <summary>A version as the history and the audit show it: YAML, secrets masked (never in clear).</summary>
    public static string Yaml(NotificationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return MaskedYaml(config.Options);
    }

    public static string MaskedYaml(NotificationOptions options) => NotificationYaml.Write(NotificationSecrets.Masked(options));
}
