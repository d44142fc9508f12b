using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Components.Pages.Admin;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class UsersTableTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly ConsoleFactory _factory = new();

    public UsersTableTests()
    {
        var users = _factory.Services.GetRequiredService<UserStore>();
        _ctx.Services.AddSingleton(users);
        _ctx.Services.AddSingleton<IAccountDirectory>(users);
        users.Add("ada", OperatorRole.Admin, ConsoleFactory.TestPassword);
        users.Add("carl", OperatorRole.Shifter, ConsoleFactory.TestPassword);
        users.Add("bea", OperatorRole.Expert, ConsoleFactory.TestPassword);
        users.Add("dora", OperatorRole.Display, ConsoleFactory.TestPassword);
        users.SetDisabled("carl", true);
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private static string[] Names(IRenderedComponent<UsersPage> page) =>
        [.. page.FindAll("[data-testid=users-row-name]").Select(c => c.TextContent.Trim())];

    [Fact]
    public void The_table_sorts_by_name_role_and_state_and_the_quick_filter_narrows_it()
    {
        _ctx.Auth.SetAuthorized("ada").SetRoles("Display", "Shifter", "Expert", "Admin");
        var page = _ctx.Render<UsersPage>();
        Assert.Equal(["ada", "bea", "carl", "dora"], Names(page));

        page.Find("[data-testid=sort-role]").Click();
        page.WaitForAssertion(() => Assert.Equal(["dora", "carl", "bea", "ada"], Names(page)));

        page.Find("[data-testid=sort-state]").Click();
        page.WaitForAssertion(() => Assert.Equal("carl", Names(page)[^1]));

        page.Find("input[data-testid=users-search], [data-testid=users-search] input").Input("expert");
        page.WaitForAssertion(() => Assert.Equal(["bea"], Names(page)));
        Assert.Contains("1 of 4", page.Find("[data-testid=users-shown]").TextContent, StringComparison.Ordinal);
        page.Find("input[data-testid=users-search], [data-testid=users-search] input").Input("disabled");
        page.WaitForAssertion(() => Assert.Equal(["carl"], Names(page)));
    }
}
