using OnlineConsole.Collectors.Supervisor;

namespace OnlineConsole.Tests.Supervisor;

/// <summary>The XML-RPC client against a real supervisord: status, start, stop, restart, wrong credentials.</summary>
[Trait("Category", "Integration")]
public sealed class SupervisordTests(SupervisordFixture sup) : IClassFixture<SupervisordFixture>
{
    private readonly SupervisorClient _client = new(sup.Url, SupervisordFixture.User, SupervisordFixture.Password, TimeSpan.FromSeconds(10));

    private async Task<SupervisorProcess> Wait(string fullName, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        SupervisorProcess? p = null;
        while (DateTime.UtcNow < deadline)
        {
            p = (await _client.GetAllProcessInfoAsync(CancellationToken.None)).Single(x => x.FullName == fullName);
            if (p.State == state) return p;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"{fullName} stayed {p?.State}, expected {state}.");
    }

    [Fact]
    public async Task Status_lists_the_group_with_running_sleepers_and_the_exited_process()
    {
        Assert.Equal("RUNNING", await _client.GetStateAsync(CancellationToken.None));
        var trigger = await Wait("mon:trigger", "RUNNING");
        Assert.True(trigger.Pid > 0);
        Assert.Contains("pid", trigger.Description, StringComparison.Ordinal);
        var dies = await Wait("mon:dies", "EXITED");
        Assert.Equal(3, dies.ExitStatus);
        Assert.Equal(0, dies.Pid);
    }

    [Fact]
    public async Task Stop_then_start_and_restart_gives_a_new_pid()
    {
        var before = await Wait("mon:builder", "RUNNING");
        await _client.StopProcessAsync("mon:builder", CancellationToken.None);
        Assert.Equal("STOPPED", (await Wait("mon:builder", "STOPPED")).State);
        await Assert.ThrowsAsync<SupervisorFaultException>(() => _client.StopProcessAsync("mon:builder", CancellationToken.None));
        await _client.StartProcessAsync("mon:builder", CancellationToken.None);
        var started = await Wait("mon:builder", "RUNNING");
        Assert.NotEqual(before.Pid, started.Pid);
        await _client.RestartProcessAsync("mon:builder", CancellationToken.None);
        var restarted = await Wait("mon:builder", "RUNNING");
        Assert.NotEqual(started.Pid, restarted.Pid);
    }

    [Fact]
    public async Task Unknown_process_is_a_bad_name_fault()
    {
        var f = await Assert.ThrowsAsync<SupervisorFaultException>(() => _client.StartProcessAsync("mon:nope", CancellationToken.None));
        Assert.Equal(10, f.Code);
    }

    [Fact]
    public async Task Wrong_credentials_are_an_auth_failure()
    {
        var wrong = new SupervisorClient(sup.Url, SupervisordFixture.User, "wrong", TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<SupervisorAuthException>(() => wrong.GetAllProcessInfoAsync(CancellationToken.None));
    }
}
