using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;

namespace OnlineConsole.Notifications;

/// <summary>
/// Notifications: the configuration files' options (version 0), the versioned settings admins edit, the outbox, and
/// delivery, which runs always and idles while the configuration in force is disabled.
/// </summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<NotificationOptions>(configuration, NotificationOptions.Section);
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<NotificationSettings>();
        services.AddSingleton<NotificationService>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationService>());
        return services;
    }
}
