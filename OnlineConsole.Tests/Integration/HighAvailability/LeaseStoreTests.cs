using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Replication;
using OnlineConsole.Data;
using OnlineConsole.Replication;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Integration.HighAvailability;

/// <summary>The lease row and the shared key ring, on a real PostgreSQL, with two replicas contending.</summary>
[Trait("Category", "Integration")]
public sealed class LeaseStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private SettingsDatabase Database(string? connectionString = null)
    {
        var dir = Directory.CreateTempSubdirectory("oc-lease-").FullName;
        return new SettingsDatabase(Options.Create(new DataOptions { Directory = dir, Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString ?? postgres.ConnectionString }),
            new HostingEnvironment { ContentRootPath = dir });
    }

    [Fact]
    public async Task A_holder_whose_database_hangs_steps_down_before_its_lease_can_run_out()
    {
        await using var proxy = new TcpProxy(postgres.Port);
        var database = Database(postgres.ConnectionString.Replace($"Port={postgres.Port}", $"Port={proxy.Port}", StringComparison.Ordinal));
        var store = TestStores.Create(TimeProvider.System);
        var lead = store.Replicate("a-" + Guid.NewGuid().ToString("N")[..6]);
        var ttl = TimeSpan.FromSeconds(2);
        using var service = new LeaseService(store, new LeaseStore(database),
            Options.Create(new HaOptions { Enabled = true, LeaseTtl = ttl, RenewInterval = TimeSpan.FromMilliseconds(250) }), NullLogger<LeaseService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => lead.IsHolder, TimeSpan.FromSeconds(10), "took the lease");
            // The database stops answering (no refusal, no reset): the driver's own timeout is 15 s, the lease 2 s.
            proxy.Pause();
            var paused = System.Diagnostics.Stopwatch.StartNew();
            await Poll.UntilAsync(() => !lead.IsHolder, TimeSpan.FromSeconds(10), "stepped down");
            // It steps down at its own deadline (TTL less one renewal after its last good renewal), about 1.5 s here alone;
            // a loaded machine's scheduling adds to that (2.5 s once under the full suite), far from the driver's 15 s.
            Assert.True(paused.Elapsed < 2 * ttl, $"stepped down {paused.Elapsed.TotalMilliseconds:0} ms after the database hung; the lease runs out after {ttl.TotalMilliseconds:0} ms");
        }
        finally
        {
            proxy.Resume();
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task One_replica_holds_the_lease_until_it_stops_renewing_then_the_other_takes_it_with_a_higher_epoch()
    {
        var leases = new LeaseStore(Database());
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];
        var ttl = TimeSpan.FromSeconds(1);

        var first = leases.TryTake(name, "a", ttl);
        Assert.Equal(("a", 1L), (first.Holder, first.Epoch));
        // Both try at once, over and over: the holder keeps it, the other is told who holds it.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => leases.TryTake(name, i % 2 == 0 ? "a" : "b", ttl))));
        Assert.All(results, r => Assert.Equal(("a", 1L), (r.Holder, r.Epoch)));
        Assert.True(results[0].Until > first.Until, "a renewal moves the end");

        await Task.Delay(1_300); // a stops renewing
        var taken = leases.TryTake(name, "b", ttl);
        Assert.Equal(("b", 2L), (taken.Holder, taken.Epoch));
        Assert.True(taken.Since > first.Since);
        Assert.Equal("b", leases.TryTake(name, "a", ttl).Holder); // a, back, does not get it

        // A clean stop gives it back at once.
        leases.Release(name, "b");
        var back = leases.TryTake(name, "a", ttl);
        Assert.Equal(("a", 3L), (back.Holder, back.Epoch));
    }

    [Fact]
    public void A_cookie_protected_by_one_replica_opens_on_the_other_through_the_key_ring_in_postgresql()
    {
        IDataProtector Protector(SettingsDatabase db)
        {
            var services = new ServiceCollection();
            services.AddDataProtection().SetApplicationName("OnlineConsole");
            services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(db));
            return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie");
        }
        var a = Protector(Database());
        var sealedText = a.Protect("session of sam");
        var b = Protector(Database());
        Assert.Equal("session of sam", b.Unprotect(sealedText));
    }
}
