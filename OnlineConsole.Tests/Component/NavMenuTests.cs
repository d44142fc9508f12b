using Bunit;
using OnlineConsole.Components.Layout;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class NavMenuTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private static string[] Links(IRenderedComponent<NavMenu> menu) => [.. menu.FindAll("a[href]").Select(a => a.GetAttribute("href")!)];

    [Fact]
    public void A_shifter_does_not_see_the_pages_it_cannot_open()
    {
        _ctx.SignIn("bob", "Display", "Shifter");
        var links = Links(_ctx.Render<NavMenu>());
        Assert.Contains("/run", links);
        Assert.DoesNotContain("/collectors", links);
        Assert.DoesNotContain("/admin/users", links);
    }

    [Fact]
    public void An_expert_sees_collectors_but_not_the_admin_pages()
    {
        _ctx.SignIn("alice", "Display", "Shifter", "Expert");
        var links = Links(_ctx.Render<NavMenu>());
        Assert.Contains("/collectors", links);
        Assert.DoesNotContain("/admin/audit", links);
    }

    [Fact]
    public void The_list_follows_a_role_change_while_signed_in()
    {
        _ctx.SignIn("alice", "Display", "Shifter", "Expert");
        var menu = _ctx.Render<NavMenu>();
        Assert.Contains("/collectors", Links(menu));
        // What the 2 s revalidation does when the account is demoted: a new authentication state with fewer roles.
        _ctx.Auth.SetRoles("Display", "Shifter");
        menu.WaitForAssertion(() => Assert.DoesNotContain("/collectors", Links(menu)));
        _ctx.Auth.SetRoles("Display", "Shifter", "Expert", "Admin");
        menu.WaitForAssertion(() => Assert.Contains("/admin/users", Links(menu)));
        Assert.Contains("/collectors", Links(menu));
    }
}
