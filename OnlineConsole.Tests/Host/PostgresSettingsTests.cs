using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

/// <summary>The settings database on a real PostgreSQL through the same code as SQLite.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresSettingsTests : IClassFixture<PostgresServer>, IDisposable
{
    private readonly ConsoleFactory _factory;

    public PostgresSettingsTests(PostgresServer postgres)
    {
        _factory = new ConsoleFactory(new()
        {
            ["Data:Provider"] = "PostgreSql",
            ["Data:ConnectionString"] = postgres.ConnectionString,
            ["Security:MaxFailedLogins"] = "2",
        });
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Users_sign_in_lock_out_and_are_audited_on_PostgreSQL()
    {
        var db = _factory.Services.GetRequiredService<SettingsDatabase>();
        Assert.Equal(DatabaseProvider.PostgreSql, db.Provider);
        var users = _factory.Services.GetRequiredService<UserStore>();
        var name = "pg-" + Guid.NewGuid().ToString("N")[..6];
        users.Add(name, OperatorRole.Expert, ConsoleFactory.TestPassword);
        Assert.Throws<ArgumentException>(() => users.Add(name.ToUpperInvariant(), OperatorRole.Admin, ConsoleFactory.TestPassword));
        Assert.Equal(OperatorRole.Expert, users.Find(name.ToUpperInvariant())!.Role);

        using var client = await _factory.SignedInClientAsync(name);
        using (var page = await client.GetAsync(new Uri("/services", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        Assert.Equal(LoginResult.Invalid, users.Verify(name, "wrong one"));
        Assert.Equal(LoginResult.LockedOut, users.Verify(name, "wrong two"));
        Assert.Equal(LoginResult.LockedOut, users.Verify(name, ConsoleFactory.TestPassword));
        Assert.True(users.SetDisabled(name, false)); // an admin's enable clears the lock
        Assert.Equal(LoginResult.Ok, users.Verify(name, ConsoleFactory.TestPassword));

        var audit = _factory.Services.GetRequiredService<IAuditLog>();
        var logins = await audit.QueryAsync(new AuditQuery(User: name.ToUpperInvariant(), ActionPrefix: "login"));
        Assert.Equal("login", Assert.Single(logins).Action);
    }

    [Fact]
    public async Task The_audit_trail_is_append_only_on_PostgreSQL_too()
    {
        var audit = _factory.Services.GetRequiredService<IAuditLog>();
        await audit.AppendAsync(new AuditEntry(DateTimeOffset.UtcNow, "ada", "127.0.0.1", "test.pg", "x", "why", "a", "b", "ok"));
        var back = Assert.Single(await audit.QueryAsync(new AuditQuery(ActionPrefix: "test.pg")));
        Assert.Equal(("ada", "why", "a", "b"), (back.User, back.Reason, back.Before, back.After));

        await using var c = _factory.Services.GetRequiredService<SettingsDatabase>().Open();
        await using var cmd = SettingsDatabase.Command(c, "DELETE FROM audit");
        Assert.Contains("append-only", (await Assert.ThrowsAnyAsync<Exception>(() => cmd.ExecuteNonQueryAsync())).Message, StringComparison.Ordinal);
    }
}
