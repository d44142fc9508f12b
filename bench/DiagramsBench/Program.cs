using DiagramsBench.Components;
using OnlineConsole.Collectors;

// The simulated store of the console (detector, run, network, services) with Blazor.Diagrams drawing its network.
var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
builder.Services.AddCollectors(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseAntiforgery();
app.MapHealthChecks("/readyz");
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
