using Microsoft.Playwright;

namespace OnlineConsole.Tests.Support;

/// <summary>What an admin does on the Users page.</summary>
public static class UsersPageActions
{
    public static async Task SetRoleAsync(IPage page, string user, string role)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.SelectOptionAsync($"[data-testid=role-{user}]", role);
        await Assertions.Expect(page.Locator("[data-testid=users-message]")).ToContainTextAsync($"user.role {user}: ok");
    }
}
