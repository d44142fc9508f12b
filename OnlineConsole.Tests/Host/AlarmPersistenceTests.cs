using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Data;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

/// <summary>Acknowledgements, shelves and latches survive a restart of the console; a restored alarm no rule sees any more clears.</summary>
[Trait("Category", "Host")]
public sealed class AlarmPersistenceTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("oc-alarm-data-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file may still be closing.
        }
    }

    private ConsoleFactory Console() => new(new() { ["Data:Directory"] = _data, ["Simulator:DeadChannels"] = "0", ["Simulator:HotChannels"] = "0", ["Simulator:FlappingChannels"] = "0" });

    private static AlarmSignal External(string key, AlarmSeverity severity = AlarmSeverity.Major) =>
        new(key, true, severity, key + " firing") { Source = "ingest", Rule = "script" };

    [Fact]
    public async Task Acknowledged_shelved_and_latched_alarms_come_back_after_a_restart_and_a_stale_rule_alarm_clears()
    {
        long ackedActivation, lastEvent;
        await using (var first = Console())
        {
            var store = first.Services.GetRequiredService<LiveStore>();
            var channel = store.Channels.Geometry.Channels[3].Id;
            store.Alarms.Submit([External("ext/acked"), External("ext/shelved", AlarmSeverity.Minor), External("ext/latched"),
                new AlarmSignal(DcrAlarmRules.ChannelKey(channel), true, AlarmSeverity.Major, "dead") { Source = BuiltInRules.Source, Rule = BuiltInRules.DcrChannel }]);
            ackedActivation = store.Alarms.Find("ext/acked")!.Activation;
            Assert.True(store.Alarms.Acknowledge("ext/acked", ackedActivation, "ann", "on it").Done);
            Assert.True(store.Alarms.Shelve("ext/shelved", store.Time.GetUtcNow().AddHours(2), "ann", "known").Done);
            store.Alarms.Submit([External("ext/latched") with { Active = false }]);
            var journal = first.Services.GetRequiredService<AlarmJournal>();
            await Poll.UntilAsync(() => journal.Load().Any(a => a.Key == "ext/acked" && a.Acknowledged is not null), TimeSpan.FromSeconds(10), "the acknowledgement written");
            lastEvent = store.Alarms.Events(null, DateTimeOffset.MinValue).Max(e => e.Id);
        }

        await using var second = Console();
        var again = second.Services.GetRequiredService<LiveStore>().Alarms;
        var acked = again.Find("ext/acked")!;
        Assert.Equal(AlarmState.ActiveAcknowledged, acked.State);
        Assert.Equal(ackedActivation, acked.Activation);
        Assert.Equal(("ann", "on it"), (acked.Acknowledged!.By, acked.Acknowledged.Comment));
        Assert.Equal(AlarmState.Shelved, again.Find("ext/shelved")!.State);
        Assert.Equal(AlarmState.ReturnedUnacknowledged, again.Find("ext/latched")!.State);
        // The channel is not dead in this run: the DCR rule's first frame clears what was restored.
        await Poll.UntilAsync(() => !again.Snapshot().Alarms.Any(a => a.Rule == BuiltInRules.DcrChannel && a.Active),
            TimeSpan.FromSeconds(10), "the restored channel alarm cleared");
        // The history kept the acknowledgement with who and why.
        var journal2 = second.Services.GetRequiredService<AlarmJournal>();
        var history = journal2.Search("ext/acked", "ann", null, null);
        Assert.Contains(history, e => e.Kind == AlarmEventKind.Acknowledged && e.Comment == "on it");

        // Events after the restart are numbered after the last one written before it: no number repeats in the history.
        again.Submit([External("ext/after-restart")]);
        Assert.True(again.Events("ext/after-restart", DateTimeOffset.MinValue).Single().Id > lastEvent);
        await Poll.UntilAsync(() => journal2.Search("ext/after-restart", null, null, null).Count == 1, TimeSpan.FromSeconds(10), "the new event written");
        var all = journal2.Search(null, null, null, null, AlarmJournal.MaxSearchRows);
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.DoesNotContain(all, e => e.Id <= 0);
    }

    [Fact]
    public void A_database_from_before_event_numbers_numbers_its_old_events_in_the_order_they_were_written()
    {
        var file = Path.Combine(_data, "onlineconsole.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + file))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE alarm_events (
                    at TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
                    activation BIGINT NOT NULL, run_number BIGINT NULL, run_state TEXT NULL, user_name TEXT NULL, comment TEXT NULL,
                    labels TEXT NULL);
                INSERT INTO alarm_events VALUES ('2026-12-01T10:00:00.0000000+00:00', 'old/a', 'Activated', 'Major', 'first', 1, NULL, NULL, NULL, NULL, NULL);
                INSERT INTO alarm_events VALUES ('2026-12-01T10:05:00.0000000+00:00', 'old/a', 'Cleared', 'Major', 'second', 1, NULL, NULL, NULL, NULL, NULL);
                """;
            cmd.ExecuteNonQuery();
        }

        var journal = new AlarmJournal(new SettingsDatabase(Options.Create(new DataOptions { Directory = _data }), new HostingEnvironment { ContentRootPath = _data }));
        var events = journal.Search("old/a", null, null, null);
        Assert.Equal([(2L, "second"), (1L, "first")], events.Select(e => (e.Id, e.Message)));
        Assert.Equal(2, journal.LastEventId());
    }
}

/// <summary>The alarm journal on a real PostgreSQL through the same SQL as SQLite.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresAlarmJournalTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public void Alarms_and_events_are_written_loaded_and_searched_on_PostgreSQL()
    {
        var dir = Directory.CreateTempSubdirectory("oc-pg-alarms-").FullName;
        var db = new SettingsDatabase(Options.Create(new DataOptions { Directory = dir, Provider = DatabaseProvider.PostgreSql, ConnectionString = postgres.ConnectionString }),
            new HostingEnvironment { ContentRootPath = dir });
        var journal = new AlarmJournal(db);
        var time = new ManualTimeProvider();
        var area = new AlarmArea(new ChangeHub(time, new StoreOptions()), time, new AlarmOptions(), () => new RunStatus(42, RunState.Running, "physics", null, null, null));
        var key = "pg/" + Guid.NewGuid().ToString("N")[..8];
        area.Submit([new AlarmSignal(key, true, AlarmSeverity.Critical, "pump stopped") { Source = "ingest", Labels = new Dictionary<string, string> { ["area"] = "dcs", ["pump"] = "P-7" } }]);
        area.Acknowledge(key, area.Find(key)!.Activation, "Ann", "calling the DCS expert");
        journal.Write(area.DrainChanges(), time.GetUtcNow());

        var loaded = Assert.Single(journal.Load(), a => a.Key == key);
        Assert.Equal(AlarmState.ActiveAcknowledged, loaded.State);
        Assert.Equal("P-7", loaded.Labels["pump"]);
        Assert.Equal(42, loaded.RunNumber);

        Assert.Equal(2, journal.Search(key, null, null, null).Count);
        // The journal keeps each event's number as memory gave it.
        Assert.Equal(area.Events(key).Select(e => e.Id).Order(), journal.Search(key, null, null, null).Select(e => e.Id).Order());
        Assert.Single(journal.Search("p-7", "ann", time.GetUtcNow().AddMinutes(-1), time.GetUtcNow().AddMinutes(1)));
        Assert.Empty(journal.Search(key, "bob", null, null));

        area.Submit([new AlarmSignal(key, false, AlarmSeverity.Critical, "") { Source = "ingest" }]);
        journal.Write(area.DrainChanges(), time.GetUtcNow());
        Assert.DoesNotContain(journal.Load(), a => a.Key == key);
        Directory.Delete(dir, recursive: true);
    }
}
