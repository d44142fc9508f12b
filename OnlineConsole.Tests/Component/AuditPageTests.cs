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
}
