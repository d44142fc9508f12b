namespace OnlineConsole.Collectors.Redis;

/// <summary>A redis:// URL carried a password; the message shows the URL without it.</summary>
public sealed class PasswordInUrlException : FormatException
{
    public PasswordInUrlException()
    {
    }

    public PasswordInUrlException(string redactedUrl)
        : base($"{redactedUrl}: a password must not be part of the URL, where every user of the machine can read it (ps, /proc).")
    {
    }

    public PasswordInUrlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
