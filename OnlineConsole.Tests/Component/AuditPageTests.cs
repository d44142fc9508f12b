using AngleSharp.Dom;
using Bunit;
using OnlineConsole.Components.Pages.Admin;
using OnlineConsole.Core.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class AuditPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    private void Add(int minute, string user, string action, string outcome = "ok") =>
        _ctx.Audit.AppendAsync(new AuditEntry(new DateTimeOffset(2026, 12, 2, 10, minute, 0, TimeSpan.Zero), user, "10.0.0.1", action, "run", null, null, null, outcome));

    private static string[] Users(IRenderedComponent<AuditPage> page) =>
        [.. page.FindAll("[data-testid=audit-row-user]").Select(e => e.TextContent)];

    [Fact]
    public void Newest_first_then_sorted_by_user_and_narrowed_by_the_quick_filter()
    {
        Add(1, "carol", "run.start");
        Add(2, "alice", "limits.set", "refused: role");
        Add(3, "bob", "run.stop");
        _ctx.SignIn("admin", "Admin");

        var page = _ctx.Render<AuditPage>();

        Assert.Equal(["bob", "alice", "carol"], Users(page));
        page.Find("[data-testid=sort-user] .mud-button-root, [data-testid=sort-user]").Click();
        Assert.Equal(["alice", "bob", "carol"], Users(page));

        page.Find("input[data-testid=audit-search], [data-testid=audit-search] input").Input("refused");
        Assert.Equal(["alice"], Users(page));
        // A refusal is marked by an icon and its text, not by colour alone.
        Assert.Contains("refused: role", page.Find(".outcome-refused").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-02T16:05", "2026-12-02T16:05:00.0000000+00:00")]
    [InlineData("", null)]
    [InlineData("not a time", null)]
    public void The_time_fields_are_read_as_UTC(string field, string? expected) =>
        Assert.Equal(expected, AuditPage.Utc(field)?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_pager_speaks_the_page_s_language()
    {
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            for (var m = 0; m < 3; m++) Add(m, "ann", "run.start");
            _ctx.SignIn("admin", "Admin");
            var pager = _ctx.Render<AuditPage>().Find(".mud-table-pagination-toolbar").TextContent;
            Assert.Contains("每页行数", pager, StringComparison.Ordinal);
            Assert.Contains("第 1-3 条，共 3 条", pager, StringComparison.Ordinal);
            Assert.DoesNotContain("Rows per page", pager, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }
}
