using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Collectors.Notifications;

/// <summary>
/// E-mail through SMTP (MailKit): STARTTLS or TLS, AUTH when a user is set, a plain-text and an HTML part, every
/// recipient of <see cref="ContactPointOptions.To"/> plus the people on duty. The idempotency key is the Message-ID,
/// so a mail system drops a repeat.
/// </summary>
public sealed class EmailSender(ContactPointOptions options, MessageRenderer renderer, int maxAlarms) : IContactPointSender
{
    public const string IdempotencyHeader = "X-Idempotency-Key";

    public string Name => options.Name;

    public int Available => int.MaxValue;

    public async Task<SendResult> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var rendered = renderer.Render(notification, options.Language, maxAlarms);
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From ?? ""));
        foreach (var to in options.To.Concat(notification.Mentions.Select(m => m.Email).OfType<string>()).Distinct(StringComparer.OrdinalIgnoreCase))
            message.To.Add(MailboxAddress.Parse(to));
        message.Subject = rendered.Title;
        message.MessageId = notification.IdempotencyKey + "@onlineconsole";
        message.Headers.Add(IdempotencyHeader, notification.IdempotencyKey);
        message.Body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html }.ToMessageBody();
        // MailKit waits 2 min by default; a send must end well inside the outbox lease.
        using var client = new SmtpClient { Timeout = 20_000 };
        if (options.SmtpAcceptAnyCertificate) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        try
        {
            var security = options.SmtpSecurity switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(options.SmtpHost ?? "", options.SmtpPort, security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.SmtpUser))
                await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", cancellationToken).ConfigureAwait(false);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            return SendResult.Ok;
        }
        catch (AuthenticationException)
        {
            return SendResult.Permanent("SMTP authentication failed for the configured user");
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode is >= 500 and < 600)
        {
            return SendResult.Permanent($"SMTP refused the message ({(int)ex.StatusCode})");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException
            or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            return SendResult.Retry("SMTP failed: " + ex.GetType().Name + ": " + ex.Message);
        }
    }
}
