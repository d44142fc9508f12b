using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;

namespace OnlineConsole.Notifications;

/// <summary>Notifications: the validated options always (settings pages read them), the outbox and delivery when enabled.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<NotificationOptions>(configuration, NotificationOptions.Section);
        services.AddSingleton<NotificationOutbox>();
        if (configuration.GetValue<bool>(NotificationOptions.Section + ":Enabled"))
        {
            services.AddSingleton<NotificationService>();
            services.AddHostedService(sp => sp.GetRequiredService<NotificationService>());
        }
        return services;
    }
}
