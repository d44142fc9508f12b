using Microsoft.AspNetCore.DataProtection;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;
using OnlineConsole.Notifications;
using OnlineConsole.Tests.Support;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>The versioned notification configuration on a real SQLite file: versions, encrypted and masked secrets, YAML as code.</summary>
[Trait("Category", "Unit")]
public sealed class SettingsVersionTests : IDisposable
{
    private const string RobotKey = "9f0c6a55-7e1d-4c1e-b2a4-5d3e8f7a1a2b";
    private readonly TempSettingsDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static NotificationOptions Config() => new()
    {
        Enabled = true,
        ContactPoints =
        [
            new ContactPointOptions { Name = "robot", Kind = ContactPointKind.WeCom, WeComKey = RobotKey, Language = "zh-CN" },
            new ContactPointOptions { Name = "hook", Kind = ContactPointKind.Webhook, Url = "http://127.0.0.1:9/hook", BearerToken = "bearer-secret-77", HmacSecret = "hmac-secret-88" },
        ],
        Route = new RouteOptions
        {
            ContactPoints = ["robot"],
            GroupWait = TimeSpan.FromSeconds(10),
            Routes = [new RouteOptions { Name = "network", Matchers = ["area=network"], ContactPoints = ["hook"], Continue = true }],
        },
        MuteTimings = [new MuteTimingOptions { Name = "nights", Intervals = [new TimeIntervalOptions { Times = ["22:00-06:00"], Weekdays = ["monday:friday"] }] }],
    };

    [Fact]
    public void Version_0_is_the_files_and_every_save_is_the_next_version_with_its_history()
    {
        var settings = Settings(_db.Database, new NotificationOptions());
        Assert.Equal(0, settings.Current.Version);
        Assert.False(settings.Current.Options.Enabled);
        var saved = settings.Save(Config(), 0, "alice", "first routes", "import");
        Assert.Equal(1, saved.Version);
        var two = Config();
        two.Route.GroupWait = TimeSpan.FromSeconds(20);
        settings.Save(two, 1, "bob", "slower", "route root");
        Assert.Equal(2, settings.Current.Version);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.Current.Options.Route.GroupWait);
        var history = settings.History();
        Assert.Equal([2L, 1L, 0L], history.Select(h => h.Version));
        Assert.Equal(("bob", "slower", "route root"), (history[0].ChangedBy, history[0].Reason, history[0].Summary));
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Load(1).Options.Route.GroupWait);
    }

    [Fact]
    public void A_save_from_an_old_version_or_an_invalid_one_is_refused_and_nothing_is_stored()
    {
        var settings = Settings(_db.Database, new NotificationOptions());
        settings.Save(Config(), 0, "alice", "r", "s");
        var stale = Assert.Throws<ArgumentException>(() => settings.Save(Config(), 0, "bob", "r", "s"));
        Assert.Contains("changed since version 0", stale.Message, StringComparison.Ordinal);
        var bad = Config();
        bad.Route.ContactPoints = ["nobody"];
        bad.ContactPoints[1].Url = "ftp://x";
        var invalid = Assert.Throws<ArgumentException>(() => settings.Save(bad, 1, "bob", "r", "s"));
        // Every problem at once, not the first one.
        Assert.Contains("'nobody' is not a contact point", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("Url 'ftp://x'", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(1, settings.Current.Version);
    }

    [Fact]
    public void Secrets_are_encrypted_in_the_database_and_a_page_only_ever_gets_masks()
    {
        var settings = Settings(_db.Database, new NotificationOptions());
        settings.Save(Config(), 0, "alice", "r", "s");
        using (var c = _db.Database.Open())
        using (var cmd = SettingsDatabase.Command(c, "SELECT value FROM notification_config"))
        {
            var raw = (string)cmd.ExecuteScalar()!;
            Assert.DoesNotContain(RobotKey, raw, StringComparison.Ordinal);
            Assert.DoesNotContain("bearer-secret-77", raw, StringComparison.Ordinal);
            Assert.Contains("\"WeComKey\":\"dp:", raw, StringComparison.Ordinal);
        }
        Assert.Equal(RobotKey, settings.Current.Options.ContactPoints[0].WeComKey);
        var masked = NotificationSecrets.Masked(settings.Current.Options);
        Assert.Equal("****1a2b", masked.ContactPoints[0].WeComKey);
        Assert.Equal("****t-77", masked.ContactPoints[1].BearerToken);
        var yaml = NotificationActions.MaskedYaml(settings.Current.Options);
        Assert.DoesNotContain(RobotKey, yaml, StringComparison.Ordinal);
        Assert.Contains("****1a2b", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_left_alone_keeps_the_secret_a_typed_value_replaces_it_an_empty_one_removes_it()
    {
        var current = Config().ContactPoints[1];
        var edited = NotificationSecrets.Masked(current);
        edited.BearerToken = "new-token";
        edited.HmacSecret = "";
        NotificationSecrets.Resolve(edited, current);
        Assert.Equal(("new-token", (string?)null), (edited.BearerToken, edited.HmacSecret));

        var kept = NotificationSecrets.Masked(current);
        NotificationSecrets.Resolve(kept, current);
        Assert.Equal(("bearer-secret-77", "hmac-secret-88"), (kept.BearerToken, kept.HmacSecret));

        // A mask that is not this point's secret (copied from another point) would be stored as text: refused.
        var wrong = NotificationSecrets.Masked(current);
        wrong.BearerToken = "****zzzz";
        Assert.Throws<ArgumentException>(() => NotificationSecrets.Resolve(wrong, current));
    }

    [Fact]
    public void Another_instance_on_the_same_database_sees_a_new_version_at_its_next_refresh()
    {
        var keys = new EphemeralDataProtectionProvider();
        var one = Settings(_db.Database, new NotificationOptions(), protection: keys);
        var two = Settings(_db.Database, new NotificationOptions(), protection: keys);
        NotificationConfig? seen = null;
        two.Changed += c => seen = c;
        one.Save(Config(), 0, "alice", "r", "s");
        Assert.Equal(0, two.Current.Version);
        Assert.True(two.Refresh());
        Assert.Equal(1, seen?.Version);
        Assert.Equal(RobotKey, two.Current.Options.ContactPoints[0].WeComKey);
        Assert.False(two.Refresh());
    }

    [Fact]
    public void Secrets_written_with_lost_keys_are_named_as_unreadable_not_shown_as_garbage()
    {
        Settings(_db.Database, new NotificationOptions()).Save(Config(), 0, "alice", "r", "s");
        var other = Settings(_db.Database, new NotificationOptions(), protection: new EphemeralDataProtectionProvider());
        Assert.Null(other.Current.Options.ContactPoints[0].WeComKey);
        Assert.Contains(other.Current.Problems, p => p.Contains("cannot be decrypted", StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_export_leaves_every_secret_out_and_imports_back_to_the_same_configuration()
    {
        var config = Config();
        var yaml = NotificationYaml.Export(config, "OnlineConsole notifications, version 3");
        Assert.StartsWith("# OnlineConsole notifications, version 3\n", yaml, StringComparison.Ordinal);
        foreach (var secret in new[] { RobotKey, "bearer-secret-77", "hmac-secret-88", "WeComKey", "BearerToken" })
            Assert.DoesNotContain(secret, yaml, StringComparison.Ordinal);
        Assert.Contains("GroupWait: \"00:00:10\"", yaml, StringComparison.Ordinal);
        var back = NotificationYaml.Import(yaml);
        Assert.Equal(NotificationJson.Serialize(NotificationSecrets.Map(config, _ => null)), NotificationJson.Serialize(back));
    }

    [Fact]
    public void Yaml_written_by_hand_in_plain_style_imports()
    {
        var back = NotificationYaml.Import("""
            Enabled: true
            MaxAlarmsPerMessage: 5
            ContactPoints:
              - Name: ops
                Kind: Webhook
                Url: http://127.0.0.1:9/ops
            Route:
              ContactPoints: [ops]
              GroupWait: 00:01:00
            """);
        Assert.True(back.Enabled);
        Assert.Equal(5, back.MaxAlarmsPerMessage);
        Assert.Equal(ContactPointKind.Webhook, back.ContactPoints[0].Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), back.Route.GroupWait);
        Assert.Empty(back.Validate());
    }

    [Theory]
    [InlineData("Enabled: true\nRoute:\n  ContactPoint: [x]\n", "ContactPoint")]
    [InlineData("Enabled: true\nRoute: [\n", "Line 3")]
    [InlineData("- a\n- b\n", "top level is a mapping")]
    [InlineData("Enabled: yes please\n", "Enabled")]
    public void Bad_yaml_is_an_error_that_says_where(string yaml, string expected)
    {
        var e = Assert.Throws<FormatException>(() => NotificationYaml.Import(yaml));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_diff_marks_removed_and_added_lines_in_order()
    {
        var d = LineDiff.Compare("a\nb\nc\nd\n", "a\nc\nx\nd\n");
        Assert.Equal(["  a", "- b", "  c", "+ x", "  d"], d.Select(l => (l.Kind switch { DiffKind.Removed => "- ", DiffKind.Added => "+ ", _ => "  " }) + l.Text));
    }
}
