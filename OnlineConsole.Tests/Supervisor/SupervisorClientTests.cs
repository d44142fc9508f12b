using OnlineConsole.Collectors.Supervisor;

namespace OnlineConsole.Tests.Supervisor;

/// <summary>The XML-RPC client against replies in supervisord 4's exact format, a 401 and garbage.</summary>
[Trait("Category", "Integration")]
public sealed class SupervisorClientTests
{
    // Shape of a real supervisord 4.2 getAllProcessInfo reply (one RUNNING, one EXITED).
    internal const string AllInfo = """
        <?xml version='1.0'?>
        <methodResponse>
        <params>
        <param>
        <value><array><data>
        <value><struct>
        <member><name>description</name><value><string>pid 4242, uptime 0:01:40</string></value></member>
        <member><name>pid</name><value><int>4242</int></value></member>
        <member><name>stderr_logfile</name><value><string></string></value></member>
        <member><name>stop</name><value><int>0</int></value></member>
        <member><name>logfile</name><value><string>/tmp/a.log</string></value></member>
        <member><name>exitstatus</name><value><int>0</int></value></member>
        <member><name>spawnerr</name><value><string></string></value></member>
        <member><name>now</name><value><int>1700000100</int></value></member>
        <member><name>group</name><value><string>mon</string></value></member>
        <member><name>name</name><value><string>trigger</string></value></member>
        <member><name>statename</name><value><string>RUNNING</string></value></member>
        <member><name>start</name><value><int>1700000000</int></value></member>
        <member><name>state</name><value><int>20</int></value></member>
        </struct></value>
        <value><struct>
        <member><name>description</name><value><string>Dec 03 04:20 AM</string></value></member>
        <member><name>pid</name><value><int>0</int></value></member>
        <member><name>stop</name><value><int>1700000050</int></value></member>
        <member><name>exitstatus</name><value><int>3</int></value></member>
        <member><name>now</name><value><int>1700000100</int></value></member>
        <member><name>group</name><value><string>mon</string></value></member>
        <member><name>name</name><value><string>dies</string></value></member>
        <member><name>statename</name><value><string>EXITED</string></value></member>
        <member><name>start</name><value><int>1700000049</int></value></member>
        <member><name>state</name><value><int>100</int></value></member>
        </struct></value>
        </data></array></value>
        </param>
        </params>
        </methodResponse>
        """;

    private static SupervisorClient Client(Uri url, string? user = null, string? pw = null) =>
        new(url, user, pw, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Reads_every_process_with_state_pid_uptime_and_exit_status()
    {
        await using var fake = new FakeSupervisord(_ => FakeSupervisord.Http(AllInfo));
        var ps = await Client(fake.Url).GetAllProcessInfoAsync(CancellationToken.None);

        Assert.Equal(2, ps.Count);
        Assert.Equal(new SupervisorProcess("mon", "trigger", "RUNNING", 4242, TimeSpan.FromSeconds(100), 0, "pid 4242, uptime 0:01:40"), ps[0]);
        Assert.Equal("mon:dies", ps[1].FullName);
        Assert.Equal("EXITED", ps[1].State);
        Assert.Equal(3, ps[1].ExitStatus);
        Assert.Equal(TimeSpan.Zero, ps[1].Uptime);
        Assert.Contains("<methodName>supervisor.getAllProcessInfo</methodName>", fake.LastRequest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_basic_auth_and_reports_401_as_an_auth_failure()
    {
        await using var fake = new FakeSupervisord(r => r.Contains("Authorization: Basic b3A6c2VjcmV0", StringComparison.Ordinal)
            ? FakeSupervisord.Http("<?xml version='1.0'?><methodResponse><params><param><value><struct><member><name>statecode</name><value><int>1</int></value></member><member><name>statename</name><value><string>RUNNING</string></value></member></struct></value></param></params></methodResponse>")
            : "HTTP/1.0 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
        var ct = CancellationToken.None;

        Assert.Equal("RUNNING", await Client(fake.Url, "op", "secret").GetStateAsync(ct));
        await Assert.ThrowsAsync<SupervisorAuthException>(() => Client(fake.Url, "op", "wrong").GetStateAsync(ct));
        await Assert.ThrowsAsync<SupervisorAuthException>(() => Client(fake.Url).GetStateAsync(ct));
    }

    [Fact]
    public async Task A_fault_carries_its_code_and_restart_of_a_stopped_process_still_starts_it()
    {
        var calls = new List<string>();
        await using var fake = new FakeSupervisord(r =>
        {
            if (r.Contains("supervisor.stopProcess", StringComparison.Ordinal))
            {
                calls.Add("stop");
                return FakeSupervisord.Http("<?xml version='1.0'?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>70</int></value></member><member><name>faultString</name><value><string>NOT_RUNNING: mon:dies</string></value></member></struct></value></fault></methodResponse>");
            }
            calls.Add("start");
            return FakeSupervisord.Http("<?xml version='1.0'?><methodResponse><params><param><value><boolean>1</boolean></value></param></params></methodResponse>");
        });
        var ct = CancellationToken.None;

        var fault = await Assert.ThrowsAsync<SupervisorFaultException>(() => Client(fake.Url).StopProcessAsync("mon:dies", ct));
        Assert.Equal(70, fault.Code);
        await Client(fake.Url).RestartProcessAsync("mon:dies", ct);
        Assert.Equal(["stop", "stop", "start"], calls);
        Assert.Contains("<string>mon:dies</string>", fake.LastRequest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 9\r\n\r\nnot xml<<")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n<?xml version='1.0'?><methodResponse><params><param><value><array><data><value><struct><member><name>pid</name><value><int>x1</int></value></member></struct></value></data></array></value></param></params></methodResponse>")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n<?xml version='1.0'?><methodResponse><params><param><value><string>no list</string></value></param></params></methodResponse>")]
    [InlineData("HTTP/1.0 500 Internal Server Error\r\n\r\n")]
    public async Task Garbage_is_a_malformed_reply_never_another_exception(string garbage)
    {
        await using var fake = new FakeSupervisord(_ => garbage);
        await Assert.ThrowsAsync<SupervisorMalformedException>(() =>
            Client(fake.Url).GetAllProcessInfoAsync(CancellationToken.None));
    }
}
