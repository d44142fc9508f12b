namespace OnlineConsole.Core.Notifications;

/// <summary>Someone on duty a message names: WeCom @mention by user id or mobile, or an extra e-mail recipient.</summary>
public sealed record Mention(string Name, string? WeComUserId, string? Mobile, string? Email);
