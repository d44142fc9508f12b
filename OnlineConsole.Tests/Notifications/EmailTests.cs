using OnlineConsole.Collectors.Notifications;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Notifications;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>E-mail through a real SMTP server (aiosmtpd) with STARTTLS and AUTH: plain + HTML, several recipients, the idempotency key.</summary>
[Trait("Category", "Integration")]
public sealed class EmailTests : IAsyncLifetime
{
    private readonly SmtpSinkServer _smtp = new();

    public Task InitializeAsync() => _smtp.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private ContactPointOptions Point(string password) => new()
    {
        Name = "mail",
        Kind = ContactPointKind.Email,
        Language = "zh-CN",
        SmtpHost = "127.0.0.1",
        SmtpPort = _smtp.Port,
        SmtpSecurity = SmtpSecurity.StartTls,
        SmtpUser = SmtpSinkServer.User,
        SmtpPassword = password,
        SmtpAcceptAnyCertificate = true,
        From = "console@lab.test",
        To = ["expert1@lab.test", "expert2@lab.test"],
    };

    private static OutgoingNotification Message() => new()
    {
        IdempotencyKey = "0123456789abcdef0123456789abcdef",
        ContactPoint = "mail",
        Kind = NotificationKind.Group,
        CreatedAt = DateTimeOffset.UtcNow,
        Alarms = [NotifiedAlarm.From(Alarm("hv:board7", AlarmSeverity.Critical), false)],
        Mentions = [new Mention("Li", null, null, "oncall@lab.test")],
    };

    [Fact]
    public async Task Mail_goes_out_over_starttls_with_auth_to_every_recipient()
    {
        var renderer = new MessageRenderer(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), "http://127.0.0.1:5000");
        var result = await new EmailSender(Point(SmtpSinkServer.Password), renderer, 10).SendAsync(Message(), CancellationToken.None);
        Assert.True(result.Sent, result.Error);
        var mail = Assert.Single(_smtp.Mails());
        Assert.Contains("X-Envelope-To: expert1@lab.test,expert2@lab.test,oncall@lab.test", mail, StringComparison.Ordinal);
        Assert.Contains("X-Idempotency-Key: 0123456789abcdef0123456789abcdef", mail, StringComparison.Ordinal);
        Assert.Contains("Message-Id: <0123456789abcdef0123456789abcdef@onlineconsole>", mail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("multipart/alternative", mail, StringComparison.Ordinal);
        Assert.Contains("text/html", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_fails_and_names_no_secret()
    {
        var renderer = new MessageRenderer(TimeZoneInfo.Utc, "http://127.0.0.1:5000");
        var result = await new EmailSender(Point("wrong-pass"), renderer, 10).SendAsync(Message(), CancellationToken.None);
        Assert.False(result.Sent);
        Assert.DoesNotContain("wrong-pass", result.Error, StringComparison.Ordinal);
        Assert.Empty(_smtp.Mails());
    }
}
