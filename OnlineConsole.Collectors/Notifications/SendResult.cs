namespace OnlineConsole.Collectors.Notifications;

/// <summary>What one send attempt gave: sent, or failed (retryable or not, maybe with the wait the receiver asked for).</summary>
public sealed record SendResult(bool Sent, bool Retryable, string? Error, TimeSpan? RetryAfter = null)
{
    public static readonly SendResult Ok = new(true, false, null);

    public static SendResult Retry(string error, TimeSpan? after = null) => new(false, true, error, after);

    public static SendResult Permanent(string error) => new(false, false, error);
}
