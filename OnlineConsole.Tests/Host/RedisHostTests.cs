using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

/// <summary>The whole web host configured for Redis, reading what the simulated run controller writes.</summary>
[Trait("Category", "Host")]
public sealed class RedisHostTests
{
    [Fact]
    public async Task A_redis_configured_console_shows_the_run_controller_s_run_and_sends_commands_to_it()
    {
        await using var redis = await RedisServer.StartAsync();
        var root = TestStores.RepoRoot();
        var geometry = new OnlineConsole.Collectors.Geometry.GeometryOptions
        {
            LargePmtFile = Path.Combine(root, "appsettings/small-lab/lpmt.csv"),
            SmallPmtFile = Path.Combine(root, "appsettings/small-lab/spmt.csv"),
        }.Load();
        var writer = new RedisRunControllerSimulator(TestStores.Create(TimeProvider.System, geometry: geometry),
            Options.Create(new RedisOptions { Endpoints = [redis.Endpoint] }),
            Options.Create(new SimulatorOptions { AutoCycle = false, FrameInterval = TimeSpan.FromMilliseconds(200), NetworkInterval = TimeSpan.FromSeconds(1), ConfigureTime = TimeSpan.FromSeconds(1), StoppedTime = TimeSpan.FromSeconds(1), PauseLength = TimeSpan.FromSeconds(1), Servers = 0 }),
            NullLogger<RedisRunControllerSimulator>.Instance);
        writer.RunController.Apply(RunCommand.Configure, DateTimeOffset.UtcNow);
        writer.RunController.Apply(RunCommand.Start, DateTimeOffset.UtcNow);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            // UseSetting, not the factory's app configuration: which collectors exist is decided while services are
            // registered, before app configuration callbacks run.
            await using var factory = new ConsoleFactory()
                .WithWebHostBuilder(b => b.UseSetting("Redis:Endpoints:0", redis.Endpoint));
            var store = factory.Services.GetRequiredService<LiveStore>();
            var run = writer.RunController.Status.RunNumber;
            await Poll.UntilAsync(() => store.Run.Snapshot().Status?.RunNumber == run && store.ChannelFreshness(DateTimeOffset.UtcNow) == Freshness.Fresh,
                TimeSpan.FromSeconds(15), "the console's store follows Redis");
            Assert.Contains(store.Collectors.Snapshot(), c => c.Name == "redis");
            Assert.DoesNotContain(store.Collectors.Snapshot(), c => c.Name == "simulator");

            factory.Services.GetRequiredService<OnlineConsole.Data.UserStore>().Add("ops", OperatorRole.Expert, ConsoleFactory.TestPassword);
            using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            using (var login = await client.PostLoginAsync("ops", ConsoleFactory.TestPassword)) Assert.Equal("/", login.Headers.Location?.OriginalString);
            var html = await client.GetStringAsync(new Uri("/run", UriKind.Relative));
            // The cell may carry the page's scoped-style attribute (RunPage.razor.css).
            Assert.Matches($"data-testid=\"run-page-number\"[^>]*>{run}<", html);

            var control = factory.Services.GetRequiredService<IRunControl>();
            Assert.IsType<RedisCollector>(control);
            var pause = await control.SendAsync(new RunCommandRequest(RunCommand.Pause, "alice"));
            Assert.Equal(RunCommandOutcome.Accepted, pause.Outcome);
            await Poll.UntilAsync(() => store.Run.Snapshot().Status?.State == RunState.Paused, TimeSpan.FromSeconds(5), "the pause shows in the store");
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }
}
