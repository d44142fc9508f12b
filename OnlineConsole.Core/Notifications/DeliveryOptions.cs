namespace OnlineConsole.Core.Notifications;

/// <summary>Outbox retries, leases and the failing-contact-point alarm.</summary>
public sealed class DeliveryOptions
{
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a claimed message belongs to one console instance; a crashed instance's claim runs out.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failures in a row after which a contact point raises an alarm.</summary>
    public int AlarmAfterFailures { get; set; } = 3;

    /// <summary>The wait before attempt <paramref name="attempt"/> (1 = first retry): doubling, capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var ms = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }
}
