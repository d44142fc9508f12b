namespace OnlineConsole.Core.Notifications;

/// <summary>How the SMTP connection is protected: STARTTLS after connecting, TLS from the start, or none (lab only).</summary>
public enum SmtpSecurity
{
    StartTls,
    Tls,
    None,
}
