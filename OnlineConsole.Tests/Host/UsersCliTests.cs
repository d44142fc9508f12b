using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

[Trait("Category", "Host")]
public sealed class UsersCliTests : IDisposable
{
    private readonly ConsoleFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<(int Code, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await UsersCli.RunAsync(_factory.Services, args, new StringReader(stdin), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Users_are_added_listed_changed_disabled_and_reset_and_every_change_is_audited()
    {
        Assert.Equal(0, (await RunAsync("first admin password\n", "add", "root1", "--role", "admin")).Code);
        Assert.Equal(0, (await RunAsync("shifter password 1\n", "add", "night-shift", "--role", "shifter")).Code);
        Assert.Equal(0, (await RunAsync("", "role", "night-shift", "expert")).Code);
        Assert.Equal(0, (await RunAsync("", "disable", "night-shift")).Code);
        Assert.Equal(0, (await RunAsync("a brand new password\n", "reset-password", "root1")).Code);

        var list = (await RunAsync("", "list")).Out;
        Assert.Matches(@"night-shift\s+Expert\s+disabled", list);
        Assert.Matches(@"root1\s+Admin\s+enabled", list);

        var users = _factory.Services.GetRequiredService<UserStore>();
        Assert.Equal(LoginResult.Ok, users.Verify("root1", "a brand new password"));
        Assert.Equal(LoginResult.Invalid, users.Verify("root1", "first admin password"));
        Assert.Equal(LoginResult.Disabled, users.Verify("night-shift", "shifter password 1"));

        var audit = await _factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(ActionPrefix: "user."));
        Assert.Equal(["user.password-reset", "user.disable", "user.role", "user.add", "user.add"], audit.Select(a => a.Action));
        Assert.Equal(("role=Shifter", "role=Expert"), (audit[2].Before, audit[2].After));
        Assert.All(audit, a => Assert.StartsWith("cli:", a.User, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.ToString().Contains("password 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short\n", "add", "bob", "--role", "admin")]
    [InlineData("long enough password\n", "add", "b", "--role", "admin")]
    [InlineData("long enough password\n", "add", "bob", "--role", "wizard")]
    [InlineData("", "disable", "nobody")]
    public async Task Bad_input_gets_a_clear_error_and_changes_nothing(string stdin, params string[] args)
    {
        var (code, _, err) = await RunAsync(stdin, args);
        Assert.Equal(1, code);
        Assert.NotEmpty(err.Trim());
        Assert.Empty(_factory.Services.GetRequiredService<UserStore>().List());
    }
}
