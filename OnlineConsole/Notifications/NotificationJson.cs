using System.Text.Json;
using System.Text.Json.Serialization;
using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Notifications;

/// <summary>The one JSON form of the notification configuration: the database's versions, copies and the YAML export.</summary>
public static class NotificationJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        // A misspelt key in an import must be an error, not a setting silently left at its default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    public static string Serialize(NotificationOptions options) => JsonSerializer.Serialize(options, Options);

    /// <exception cref="JsonException">Not the configuration's shape.</exception>
    public static NotificationOptions Deserialize(string json) =>
        JsonSerializer.Deserialize<NotificationOptions>(json, Options) ?? throw new JsonException("The configuration is empty.");

    public static NotificationOptions Copy(NotificationOptions options) => Deserialize(Serialize(options));

    public static ContactPointOptions Copy(ContactPointOptions point) => CopyOf(point);

    /// <summary>A deep copy of a part of the configuration (a route subtree, a mute timing) for a page's draft.</summary>
    public static T CopyOf<T>(T value) where T : class =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!;
}
