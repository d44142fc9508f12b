using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnlineConsole.Components.Pages.Admin;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

/// <summary>Role checks happen on the server, in the action itself: a page rendered for the wrong role still refuses.</summary>
[Trait("Category", "Component")]
public sealed class ActionServiceTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly ConsoleFactory _factory = new();

    public ActionServiceTests()
    {
        var users = _factory.Services.GetRequiredService<UserStore>();
        _ctx.Services.AddSingleton(users);
        // The real user store decides: the account's current state, not the principal.
        _ctx.Services.AddSingleton<IAccountDirectory>(users);
    }

    private IRenderedComponent<UsersPage> RenderAs(string name, params string[] roles)
    {
        var users = _factory.Services.GetRequiredService<UserStore>();
        if (users.Find(name) is null) users.Add(name, roles.Select(Enum.Parse<OperatorRole>).Max(), ConsoleFactory.TestPassword);
        _ctx.Auth.SetAuthorized(name).SetRoles(roles);
        return _ctx.Render<UsersPage>();
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_shifter_calling_an_admin_action_directly_is_refused_and_the_refusal_is_audited()
    {
        var page = RenderAs("sam", "Display", "Shifter");
        page.Find("[data-testid=new-user-name]").Change("mallory");
        page.Find("[data-testid=new-user-password]").Change("long enough password");
        await page.Find("[data-testid=add-user-form]").SubmitAsync();

        Assert.Contains("needs the Admin role", page.Find("[data-testid=users-message]").TextContent, StringComparison.Ordinal);
        Assert.Null(_factory.Services.GetRequiredService<UserStore>().Find("mallory"));
        var entry = Assert.Single(_ctx.Audit.Entries);
        Assert.Equal(("sam", "user.add", "mallory"), (entry.User, entry.Action, entry.Target));
        Assert.StartsWith("refused", entry.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_adds_a_user_and_the_change_is_audited_without_the_password()
    {
        var page = RenderAs("ada", "Display", "Shifter", "Expert", "Admin");
        page.Find("[data-testid=new-user-name]").Change("erin");
        page.Find("[data-testid=new-user-role]").Change("Expert");
        page.Find("[data-testid=new-user-password]").Change("long enough password");
        await page.Find("[data-testid=add-user-form]").SubmitAsync();

        Assert.Equal(OperatorRole.Expert, _factory.Services.GetRequiredService<UserStore>().Find("erin")!.Role);
        var entry = Assert.Single(_ctx.Audit.Entries);
        Assert.Equal(("ada", "user.add", "erin", "ok", "role=Expert"), (entry.User, entry.Action, entry.Target, entry.Outcome, entry.After));
        Assert.DoesNotContain("long enough password", entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("long enough password", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "Display" }, OperatorRole.Display)]
    [InlineData(new[] { "Display", "Shifter", "Expert" }, OperatorRole.Expert)]
    public void Identity_is_the_highest_role_held(string[] roles, OperatorRole expected)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, "x")), "test", ClaimTypes.Name, ClaimTypes.Role));
        Assert.Equal(expected, Principals.Identity(principal).Role);
    }

    [Fact]
    public async Task An_admin_demoted_in_the_user_store_is_refused_although_the_principal_still_says_admin()
    {
        var page = RenderAs("ada", "Display", "Shifter", "Expert", "Admin");
        _factory.Services.GetRequiredService<UserStore>().SetRole("ada", OperatorRole.Shifter);
        page.Find("[data-testid=new-user-name]").Change("erin");
        page.Find("[data-testid=new-user-password]").Change("long enough password");
        await page.Find("[data-testid=add-user-form]").SubmitAsync();

        Assert.Null(_factory.Services.GetRequiredService<UserStore>().Find("erin"));
        Assert.Contains("your account is now Shifter", page.Find("[data-testid=users-message]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("refused: role too low (needs Admin, account is Shifter)", Assert.Single(_ctx.Audit.Entries).Outcome, StringComparison.Ordinal);
    }
}
