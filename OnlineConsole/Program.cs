using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OnlineConsole;
using OnlineConsole.Alarms;
using OnlineConsole.Collectors;
using OnlineConsole.Components;
using OnlineConsole.Hosting;
using OnlineConsole.Security;

// Command-line tools (geometry generation, ...) run instead of the web host.
if (Cli.TryRun(args, out var exitCode)) return exitCode;

var builder = WebApplication.CreateBuilder(args);

// Secrets as files (compose and Kubernetes secrets): each file of the folder is one key, "__" between sections
// (/run/secrets/Data__ConnectionString), so no secret stands in an environment variable or on a command line.
builder.Configuration.AddKeyPerFile(Environment.GetEnvironmentVariable("ONLINECONSOLE_SECRETS") ?? "/run/secrets", optional: true);

// A site configuration (e.g. appsettings/small-lab/site.json) layers over the embedded defaults.
if (builder.Configuration["SiteConfig"] is { Length: > 0 } siteConfig)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(siteConfig), optional: false, reloadOnChange: false);
    builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
}

// Graceful stop with open pages: the default 30 s wait for circuits is far too long for a console restart.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));

builder.Services.AddCollectors(builder.Configuration);
builder.Services.AddWeb(builder.Configuration);
OnlineConsole.Notifications.NotificationsRegistration.AddNotifications(builder.Services, builder.Configuration);

var app = builder.Build();

// `users ...` manages operators in the settings database, then exits.
if (args.Length > 0 && args[0] == "users") return await UsersCli.RunAsync(app.Services, args[1..], Console.In, Console.Out, Console.Error);

// Fail at start with a plain message (setting, or file:line:column) when configuration or a channel map is wrong.
try
{
    app.Services.GetRequiredService<OnlineConsole.Core.Live.LiveStore>();
    app.Services.GetRequiredService<AlarmSourceRegistry>();
}
catch (Exception ex) when (ex is Microsoft.Extensions.Options.OptionsValidationException or OnlineConsole.Collectors.Geometry.GeometryFormatException)
{
    var message = ex is Microsoft.Extensions.Options.OptionsValidationException ov ? string.Join(Environment.NewLine, ov.Failures) : ex.Message;
    app.Logger.LogCritical("Cannot start: {Problem}", message);
    await Console.Error.WriteLineAsync("Cannot start:" + Environment.NewLine + message);
    return 1;
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.UseRequestLocalization(WebRegistration.LocalizationOptions());
app.UseConsoleSecurity();
app.UseAntiforgery();

app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") }).AllowAnonymous();
app.MapPreferenceEndpoints();
app.MapAccountEndpoints();
app.MapAdminEndpoints();
OnlineConsole.Notifications.NotificationEndpoints.MapNotificationEndpoints(app);
app.MapDiagnosticsEndpoints();
OnlineConsole.AlarmReports.AlarmReportEndpoints.MapAlarmReportEndpoints(app);
app.MapAlarmIngestEndpoints();
OnlineConsole.Logs.LogEndpoints.MapLogEndpoints(app);
OnlineConsole.Detector.DetectorEndpoints.MapDetectorEndpoints(app);
// Scripts and styles are public: the login page needs them before anyone is signed in.
app.MapStaticAssets().AllowAnonymous();
// Our security headers already forbid framing (frame-ancestors 'none'); Blazor's own, laxer header would be a second CSP.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

app.Run();
return 0;

/// <summary>Entry point marker for the web host tests.</summary>
public partial class Program;
