using Microsoft.AspNetCore.Localization;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Security;
using MudBlazor.Services;

namespace OnlineConsole.Hosting;

/// <summary>The one DI entry point of the web project.</summary>
public static class WebRegistration
{
    public static IServiceCollection AddWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SiteOptions>(configuration, SiteOptions.Section);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization();
        services.AddHttpContextAccessor();
        services.AddConsoleSecurity(configuration);
        services.AddHostedService<FreshnessTicker>();
        services.AddSingleton<OnlineConsole.Data.AlarmJournal>();
        OnlineConsole.Replication.ReplicationRegistration.AddReplication(services, configuration);
        services.AddSingleton<OnlineConsole.Alarms.AlarmEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<OnlineConsole.Alarms.AlarmEvaluator>());
        services.AddScoped<OnlineConsole.Alarms.AlarmActions>();
        services.AddScoped<OnlineConsole.Processes.ProcessActions>();
        services.AddScoped<OnlineConsole.Dcs.DcsActions>();
        services.AddScoped<OnlineConsole.Notifications.NotificationActions>();
        services.AddSingleton<OnlineConsole.Detector.DcrFrameSource>();
        services.AddValidatedOptions<OnlineConsole.Core.AlarmReports.AlarmKpiOptions>(configuration, OnlineConsole.Core.AlarmReports.AlarmKpiOptions.Section);
        services.AddSingleton<OnlineConsole.AlarmReports.AlarmKpiSource>();
        // Settings changed in the console overlay the configuration files.
        services.AddSingleton<OnlineConsole.Data.SettingsStore>();
        services.AddSingleton<OnlineConsole.Detector.DetectorLimitsSettings>();
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<OnlineConsole.Core.Detector.DetectorLimitsOptions>, OnlineConsole.Detector.PersistedLimitsSetup>();
        services.AddSingleton<OnlineConsole.Alarms.AlarmRuleSettings>();
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<OnlineConsole.Core.Alarms.AlarmOptions>, OnlineConsole.Alarms.PersistedAlarmRulesSetup>();
        services.AddScoped<OnlineConsole.Alarms.AlarmRuleActions>();
        services.AddSingleton<OnlineConsole.Quality.HistogramReferences>();
        services.AddHostedService<OnlineConsole.Quality.HistogramReferencesStartup>();
        services.AddScoped<OnlineConsole.Quality.HistogramReferenceActions>();
        // Alarms posted by Alertmanager, Grafana and scripts, each source with its own token.
        services.AddValidatedOptions<OnlineConsole.Collectors.Alerting.AlarmSourcesOptions>(configuration, OnlineConsole.Collectors.Alerting.AlarmSourcesOptions.Section);
        services.AddSingleton<OnlineConsole.Alarms.AlarmSourceRegistry>();
        services.AddSingleton<OnlineConsole.Alarms.AlarmIngestQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<OnlineConsole.Alarms.AlarmIngestQueue>());
        services.AddHealthChecks().AddCheck<CollectorsStartedCheck>("collectors", tags: ["ready"]);
        return services;
    }

    public static RequestLocalizationOptions LocalizationOptions()
    {
        var options = new RequestLocalizationOptions().SetDefaultCulture("en")
            .AddSupportedCultures(PreferenceEndpoints.Cultures).AddSupportedUICultures(PreferenceEndpoints.Cultures);
        // Only the cookie chooses: a shared control-room browser must not switch language by its OS settings.
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        return options;
    }
}
