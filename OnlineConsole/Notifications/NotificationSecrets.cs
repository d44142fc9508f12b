using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Notifications;

/// <summary>
/// The secret fields of a contact point (robot key, SMTP password, bearer token, HMAC secret) and their masked form
/// "****1a2b": what pages, the history and the audit show instead of the value.
/// </summary>
public static class NotificationSecrets
{
    public const string MaskPrefix = "****";

    /// <summary>The secret fields, by the name the configuration uses.</summary>
    public static readonly IReadOnlyList<(string Name, Func<ContactPointOptions, string?> Get, Action<ContactPointOptions, string?> Set)> Fields =
    [
        ("WeComKey", p => p.WeComKey, (p, v) => p.WeComKey = v),
        ("SmtpPassword", p => p.SmtpPassword, (p, v) => p.SmtpPassword = v),
        ("BearerToken", p => p.BearerToken, (p, v) => p.BearerToken = v),
        ("HmacSecret", p => p.HmacSecret, (p, v) => p.HmacSecret = v),
    ];

    /// <summary>"****" and the last four characters; a secret of four or fewer shows none of them.</summary>
    public static string Mask(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Length <= 4 ? MaskPrefix : MaskPrefix + secret[^4..];
    }

    public static bool IsMask(string? value) => value is not null && value.StartsWith(MaskPrefix, StringComparison.Ordinal);

    /// <summary>Every secret field of every contact point replaced by <paramref name="map"/>(value); nulls stay null.</summary>
    public static NotificationOptions Map(NotificationOptions options, Func<string, string?> map)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(map);
        var copy = NotificationJson.Copy(options);
        foreach (var p in copy.ContactPoints) Map(p, map);
        return copy;
    }

    public static void Map(ContactPointOptions point, Func<string, string?> map)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(map);
        foreach (var (_, get, set) in Fields)
            if (get(point) is { } v) set(point, map(v));
    }

    public static NotificationOptions Masked(NotificationOptions options) => Map(options, Mask);

    public static ContactPointOptions Masked(ContactPointOptions point)
    {
        var copy = NotificationJson.Copy(point);
        Map(copy, Mask);
        return copy;
    }

    /// <summary>
    /// An edited contact point's secrets made real: a field still showing the mask of <paramref name="current"/>'s
    /// value keeps that value; an empty field has none; anything else was typed and is the new secret.
    /// </summary>
    /// <exception cref="ArgumentException">A field shows a mask that is not the current secret's (it would be stored as text).</exception>
    public static void Resolve(ContactPointOptions edited, ContactPointOptions? current)
    {
        ArgumentNullException.ThrowIfNull(edited);
        foreach (var (name, get, set) in Fields)
        {
            var value = get(edited);
            if (string.IsNullOrEmpty(value)) { set(edited, null); continue; }
            if (!IsMask(value)) continue;
            var was = current is null ? null : get(current);
            if (was is null || Mask(was) != value) throw new ArgumentException($"Contact point '{edited.Name}': {name} shows a masked value that is not its secret; type the secret again.");
            set(edited, was);
        }
    }
}
