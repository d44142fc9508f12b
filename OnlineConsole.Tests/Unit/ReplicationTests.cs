using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Replication;
using OnlineConsole.Replication;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The lease as the store sees it, the alarm area of a replica without it, and what the bus carries.</summary>
[Trait("Category", "Unit")]
public sealed class ReplicationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static AlarmSignal Signal(string key, bool active = true) =>
        new(key, active, AlarmSeverity.Major, "disk full on " + key) { Source = "alertmanager", Rule = "DiskFull" };

    [Fact]
    public void A_single_console_holds_the_lease_from_the_start()
    {
        var store = TestStores.Create(new ManualTimeProvider());
        Assert.False(store.Leadership.Replicated);
        Assert.True(store.Leadership.IsHolder);
        Assert.True(store.Leadership.WaitForLeaseAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Work_that_runs_once_starts_when_the_lease_is_taken_and_is_cancelled_the_moment_it_is_lost()
    {
        var store = TestStores.Create(new ManualTimeProvider());
        var lead = store.Replicate("console-b");
        var starts = 0;
        var cancels = 0;
        var standby = 0;
        using var stop = new CancellationTokenSource();
        var running = lead.RunWhileHolderAsync(async ct =>
        {
            Interlocked.Increment(ref starts);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                Interlocked.Increment(ref cancels);
            }
        }, stop.Token, () => Interlocked.Increment(ref standby));

        await Task.Delay(50);
        Assert.Equal(0, starts); // waits for the lease
        Assert.Equal(1, standby);
        lead.Lost("console-a", DateTimeOffset.UnixEpoch, 1);
        Assert.Equal("console-a", lead.Holder);

        lead.Acquired("console-b", DateTimeOffset.UnixEpoch, 2);
        await Poll.UntilAsync(() => Volatile.Read(ref starts) == 1, TimeSpan.FromSeconds(2), "started on the lease");
        lead.Acquired("console-b", DateTimeOffset.UnixEpoch, 2); // a renewal changes nothing
        await Task.Delay(50);
        Assert.Equal(1, starts);

        lead.Lost(null, null, 2);
        await Poll.UntilAsync(() => Volatile.Read(ref cancels) == 1, TimeSpan.FromSeconds(2), "cancelled on the loss");
        Assert.False(lead.IsHolder);
        await Poll.UntilAsync(() => Volatile.Read(ref standby) == 2, TimeSpan.FromSeconds(2), "standby again");

        lead.Acquired("console-b", DateTimeOffset.UnixEpoch, 4);
        await Poll.UntilAsync(() => Volatile.Read(ref starts) == 2, TimeSpan.FromSeconds(2), "started again on the next lease");
        await stop.CancelAsync();
        await running;
        Assert.Equal(2, cancels);
    }

    [Fact]
    public void A_replica_without_the_lease_hands_valid_signals_over_and_refuses_invalid_ones_itself()
    {
        var store = TestStores.Create(new ManualTimeProvider());
        var handed = new List<AlarmSignal>();
        store.Alarms.Forward = handed.AddRange;
        var result = store.Alarms.Submit([Signal("am/prom/DiskFull/1"), new AlarmSignal("", true, AlarmSeverity.Major, "no key")]);
        Assert.Equal(1, result.Accepted);
        Assert.Single(result.Errors);
        Assert.Equal("am/prom/DiskFull/1", Assert.Single(handed).Key);
        Assert.Empty(store.Alarms.Snapshot().Alarms); // kept by the holder, not here
    }

    [Fact]
    public void The_holders_changes_mirrored_give_the_same_alarms_events_and_numbers_and_nothing_to_write()
    {
        var time = new ManualTimeProvider();
        var holder = TestStores.Create(time);
        var mirror = TestStores.Create(time);
        holder.Alarms.Submit([Signal("a"), Signal("b")]);
        holder.Alarms.Tick();
        var a = holder.Alarms.Find("a")!;
        Assert.True(holder.Alarms.Execute(new AlarmCommand(AlarmCommandKind.Acknowledge, "a", "sam", "seen") { Activation = a.Activation }).Done);
        var changes = ReplicaCodec.Decode<AlarmChanges>(ReplicaCodec.Encode(holder.Alarms.DrainChanges()));

        mirror.Alarms.Mirror(changes);
        Assert.Equal(holder.Alarms.Snapshot().Alarms.Select(x => (x.Key, x.State, x.Activation, x.ActiveSince, x.Acknowledged?.By)),
            mirror.Alarms.Snapshot().Alarms.Select(x => (x.Key, x.State, x.Activation, x.ActiveSince, x.Acknowledged?.By)));
        Assert.Equal(holder.Alarms.Events().Select(e => (e.Id, e.Kind)), mirror.Alarms.Events().Select(e => (e.Id, e.Kind)));
        Assert.True(mirror.Alarms.DrainChanges().IsEmpty);

        // The same message again (a resend) adds no event twice; a full re-read drops what the holder no longer has.
        mirror.Alarms.Mirror(changes);
        Assert.Equal(holder.Alarms.Events().Count, mirror.Alarms.Events().Count);
        mirror.Alarms.Mirror(new AlarmChanges([holder.Alarms.Find("b")!], [], []), replaceAll: true);
        Assert.Equal(["b"], mirror.Alarms.Snapshot().Alarms.Select(x => x.Key));
    }

    [Fact]
    public void Every_operator_command_runs_from_its_data_form()
    {
        var store = TestStores.Create(new ManualTimeProvider());
        store.Alarms.Submit([Signal("k")]);
        var activation = store.Alarms.Find("k")!.Activation;
        var until = store.Time.GetUtcNow().AddHours(1);
        foreach (var (command, state) in new (AlarmCommand, AlarmState)[]
        {
            (new(AlarmCommandKind.Acknowledge, "k", "sam", "seen") { Activation = activation }, AlarmState.ActiveAcknowledged),
            (new(AlarmCommandKind.Unacknowledge, "k", "sam", "again"), AlarmState.ActiveUnacknowledged),
            (new(AlarmCommandKind.Shelve, "k", "sam", "noisy") { Until = until }, AlarmState.Shelved),
            (new(AlarmCommandKind.Unshelve, "k", "sam", "back"), AlarmState.ActiveUnacknowledged),
            (new(AlarmCommandKind.RemoveFromService, "k", "eve", "broken sensor"), AlarmState.OutOfService),
            (new(AlarmCommandKind.ReturnToService, "k", "eve", "fixed"), AlarmState.ActiveUnacknowledged),
        })
        {
            var r = store.Alarms.Execute(command);
            Assert.True(r.Done, command.Kind + ": " + r.Problem);
            Assert.Equal(state, store.Alarms.Find("k")!.State);
        }
        Assert.Equal(AlarmCommandStatus.Invalid, store.Alarms.Execute(new AlarmCommand(AlarmCommandKind.Shelve, "k", "sam", "no end")).Status);
    }

    [Fact]
    public void A_full_scale_network_snapshot_crosses_the_bus_whole_and_small()
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time);
        new DetectorSimulator(new SimulatorOptions(), store).Step(time.GetUtcNow());
        var snapshot = store.Network.Snapshot;
        var bytes = ReplicaCodec.Encode(snapshot);
        var back = ReplicaCodec.Decode<NetworkSnapshot>(bytes);

        Assert.True(snapshot.Devices.Count >= 100, $"{snapshot.Devices.Count} devices");
        Assert.Equal(snapshot.Devices.Count, back.Devices.Count);
        Assert.Equal(snapshot.Links.Count, back.Links.Count);
        Assert.Equal(snapshot.Devices.Sum(d => d.Ports.Count), back.Devices.Sum(d => d.Ports.Count));
        Assert.Equal(snapshot.PortsDown, back.PortsDown);
        Assert.Equal(snapshot.Alarms.Count, back.Alarms.Count);
        Assert.Equal(snapshot.Devices[0] with { Ports = [] }, back.Devices[0] with { Ports = [] });
        Assert.Equal(snapshot.Devices[0].Ports, back.Devices[0].Ports);
        // One poll of the whole network fits the bus at a few hundred kB at most (compressed JSON).
        output.WriteLine($"{snapshot.Devices.Count} devices, {snapshot.Devices.Sum(d => d.Ports.Count)} ports, {snapshot.Links.Count} links: {bytes.Length:N0} bytes on the bus");
        Assert.InRange(bytes.Length, 1_000, 500_000);
    }
}
