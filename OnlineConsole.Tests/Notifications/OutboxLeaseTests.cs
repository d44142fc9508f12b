using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;
using OnlineConsole.Hosting;
using OnlineConsole.Notifications;
using OnlineConsole.Tests.Support;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>Two delivery services, each with its own connection to one real PostgreSQL, drain one outbox: every message once.</summary>
[Trait("Category", "Integration")]
public sealed class OutboxLeaseTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private readonly ReceiverSink _sink = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private NotificationService Instance(out NotificationOutbox outbox)
    {
        var dir = Directory.CreateTempSubdirectory("oc-pg-").FullName;
        var db = new SettingsDatabase(Options.Create(new DataOptions { Directory = dir, Provider = DatabaseProvider.PostgreSql, ConnectionString = postgres.ConnectionString }),
            new HostingEnvironment { ContentRootPath = dir });
        outbox = new NotificationOutbox(db);
        var o = new NotificationOptions
        {
            Enabled = true,
            ContactPoints = [new ContactPointOptions { Name = "hook", Kind = ContactPointKind.Webhook, Url = _sink.BaseUrl + "/hook", BearerToken = ReceiverSink.Token, HmacSecret = ReceiverSink.Secret }],
            Route = new RouteOptions { ContactPoints = ["hook"] },
        };
        var store = TestStores.Create(TimeProvider.System);
        return new NotificationService(store, store.Alarms, outbox, Settings(db, o), Options.Create(new SiteOptions()), TimeProvider.System, NullLogger<NotificationService>.Instance);
    }

    [Fact]
    public async Task Two_instances_never_send_the_same_message_twice()
    {
        var a = Instance(out var outboxA);
        var b = Instance(out var outboxB);
        var run = Guid.NewGuid().ToString("N")[..8];
        var messages = Enumerable.Range(0, 300).Select(i => new OutgoingNotification
        {
            IdempotencyKey = $"{run}-{i:D4}",
            ContactPoint = "hook",
            Kind = NotificationKind.Group,
            CreatedAt = DateTimeOffset.UtcNow,
            Alarms = [NotifiedAlarm.From(Alarm($"k{i}"), false)],
        }).ToList();
        // Both instances decided the same messages: the key keeps each once.
        Assert.Equal(300, outboxA.Enqueue(messages, DateTimeOffset.UtcNow));
        Assert.Equal(0, outboxB.Enqueue(messages, DateTimeOffset.UtcNow));

        async Task<int> Drain(NotificationService s)
        {
            var total = 0;
            for (var i = 0; i < 50; i++)
            {
                var n = await s.DeliverAsync(CancellationToken.None);
                total += n;
                if (n == 0 && outboxA.Count(NotificationOutbox.Pending) == 0) break;
            }
            return total;
        }
        var counts = await Task.WhenAll(Task.Run(() => Drain(a)), Task.Run(() => Drain(b)));
        var keys = _sink.Hooks.Select(h => h.GetProperty("idempotencyKey").GetString()).Where(k => k!.StartsWith(run, StringComparison.Ordinal)).ToList();
        Assert.Equal(300, keys.Count);
        Assert.Equal(300, keys.Distinct().Count());
        Assert.Equal(300, counts.Sum());
        Assert.All(counts, c => Assert.True(c > 0, "both instances took part"));
    }
}
