using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Collectors.Notifications;

/// <summary>One sender per configured contact point, by name.</summary>
public sealed class ContactPointSenders
{
    private readonly Dictionary<string, IContactPointSender> _senders;

    public ContactPointSenders(NotificationOptions options, HttpClient http, MessageRenderer renderer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _senders = options.ContactPoints.ToDictionary(p => p.Name, IContactPointSender (p) => p.Kind switch
        {
            ContactPointKind.WeCom => new WeComRobotSender(p, http, renderer, options.MaxAlarmsPerMessage, time),
            ContactPointKind.Email => new EmailSender(p, renderer, options.MaxAlarmsPerMessage),
            _ => new WebhookSender(p, http, renderer),
        }, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<IContactPointSender> All => _senders.Values;

    public IContactPointSender? Find(string name) => _senders.GetValueOrDefault(name);
}
