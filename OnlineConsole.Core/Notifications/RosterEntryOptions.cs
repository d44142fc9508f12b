namespace OnlineConsole.Core.Notifications;

/// <summary>Someone on shift or on call between <see cref="From"/> and <see cref="Until"/>, and how to reach them.</summary>
public sealed class RosterEntryOptions
{
    public string Name { get; set; } = "";

    /// <summary>"shift", "oncall", or any role a contact point names.</summary>
    public string Role { get; set; } = "shift";
    public DateTimeOffset From { get; set; }
    public DateTimeOffset Until { get; set; }
    public string? WeComUserId { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }

    public bool OnDuty(DateTimeOffset now) => now >= From && now < Until;
}
