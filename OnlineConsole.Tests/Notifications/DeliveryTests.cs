using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;
using OnlineConsole.Hosting;
using OnlineConsole.Notifications;
using OnlineConsole.Tests.Support;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>
/// The outbox and delivery against an in-test WeCom-compatible robot and a webhook receiver on 127.0.0.1: rate limit
/// merged into a summary, size limit, error codes, retry with backoff, dead letters and resend, health and the
/// failing-contact-point alarm.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TempSettingsDatabase _db = new();
    private readonly ReceiverSink _sink = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _db.Dispose();
    }

    private (NotificationService Service, NotificationOutbox Outbox, Core.Live.LiveStore Store) Service(int maxAttempts = 8, string key = ReceiverSink.Key)
    {
        var o = new NotificationOptions
        {
            Enabled = true,
            ContactPoints =
            [
                new ContactPointOptions { Name = "robot", Kind = ContactPointKind.WeCom, WeComBaseUrl = _sink.BaseUrl, WeComKey = key, Language = "zh-CN" },
                new ContactPointOptions { Name = "hook", Kind = ContactPointKind.Webhook, Url = _sink.BaseUrl + "/hook", BearerToken = ReceiverSink.Token, HmacSecret = ReceiverSink.Secret },
            ],
            Route = new RouteOptions { ContactPoints = ["robot"] },
            Delivery = new DeliveryOptions { MaxAttempts = maxAttempts, AlarmAfterFailures = 2 },
        };
        Assert.Empty(o.Validate());
        var store = TestStores.Create(_time);
        var outbox = new NotificationOutbox(_db.Database);
        var service = new NotificationService(store, store.Alarms, outbox, Settings(_db.Database, o, _time), Options.Create(new SiteOptions()), _time, NullLogger<NotificationService>.Instance);
        return (service, outbox, store);
    }

    private OutgoingNotification Message(string contactPoint, int i, int alarms = 1) => new()
    {
        IdempotencyKey = $"{contactPoint}-{i:D3}",
        ContactPoint = contactPoint,
        Kind = NotificationKind.Group,
        CreatedAt = _time.GetUtcNow(),
        GroupKey = "g" + i,
        Alarms = [.. Enumerable.Range(0, alarms).Select(j => NotifiedAlarm.From(Alarm($"pmt:{i:D3}:{j:D3}") with { Message = "暗计数率过高 " + new string('x', 80) }, false))],
    };

    [Fact]
    public async Task Flood_to_a_robot_is_merged_into_a_summary_within_its_limit_and_nothing_is_lost()
    {
        var (service, outbox, _) = Service();
        Assert.Equal(30, outbox.Enqueue(Enumerable.Range(0, 30).Select(i => Message("robot", i, alarms: 5)), _time.GetUtcNow()));
        Assert.Equal(0, outbox.Enqueue([Message("robot", 0)], _time.GetUtcNow())); // same key: kept once
        Assert.Equal(30, await service.DeliverAsync(CancellationToken.None));
        Assert.Equal(20, _sink.WeCom.Count);
        Assert.Equal(0, _sink.RateLimited);
        Assert.Equal(0, _sink.TooLarge);
        var summary = _sink.WeCom.Last().GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.Contains("另有", summary, StringComparison.Ordinal); // 11 messages x 5 alarms in one, the rest counted
        Assert.Contains("共 55 条告警中", summary, StringComparison.Ordinal);
        Assert.Equal(30, outbox.Count(NotificationOutbox.Sent));
        Assert.Equal(0, outbox.Count(NotificationOutbox.Pending));
    }

    [Fact]
    public async Task Webhook_failure_is_retried_with_backoff_then_signed_payload_arrives_once()
    {
        var (service, outbox, store) = Service();
        _sink.FailNextHooks = 1;
        outbox.Enqueue([Message("hook", 1)], _time.GetUtcNow());
        Assert.Equal(0, await service.DeliverAsync(CancellationToken.None));
        var pending = outbox.List(NotificationOutbox.Pending).Single();
        Assert.Equal(1, pending.Attempts);
        Assert.Equal("webhook answered HTTP 503", pending.LastError);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), pending.NextAttemptAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await service.DeliverAsync(CancellationToken.None)); // not due yet
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await service.DeliverAsync(CancellationToken.None));
        var hook = Assert.Single(_sink.Hooks);
        Assert.Equal("hook-001", hook.GetProperty("idempotencyKey").GetString());
        Assert.Equal("4", hook.GetProperty("version").GetString());
        Assert.Equal("firing", hook.GetProperty("alerts")[0].GetProperty("status").GetString());
        var health = store.Collectors.Snapshot().Single(h => h.Name == "notify:hook");
        Assert.NotNull(health.LastSuccess);
    }

    [Fact]
    public async Task After_the_last_attempt_a_dead_letter_is_kept_raises_an_alarm_and_can_be_resent()
    {
        var (service, outbox, store) = Service(maxAttempts: 2);
        _sink.FailNextHooks = 2;
        outbox.Enqueue([Message("hook", 2)], _time.GetUtcNow());
        await service.DeliverAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await service.DeliverAsync(CancellationToken.None);
        var dead = Assert.Single(outbox.DeadLetters());
        Assert.Equal(2, dead.Attempts);
        Assert.Equal(AlarmSeverity.Major, store.Alarms.Find("notify:hook")?.Severity);
        Assert.True(outbox.Resend(dead.Key, _time.GetUtcNow()));
        Assert.Equal(1, await service.DeliverAsync(CancellationToken.None));
        Assert.Single(_sink.Hooks);
        Assert.Empty(outbox.DeadLetters());
    }

    [Fact]
    public async Task Robot_with_an_unknown_key_is_a_dead_letter_at_once()
    {
        var (service, outbox, _) = Service(key: "wrong");
        outbox.Enqueue([Message("robot", 3)], _time.GetUtcNow());
        await service.DeliverAsync(CancellationToken.None);
        var dead = Assert.Single(outbox.DeadLetters());
        Assert.Equal("robot key is not valid (errcode 93000)", dead.LastError);
        Assert.DoesNotContain("wrong", dead.LastError, StringComparison.Ordinal);
    }
}
