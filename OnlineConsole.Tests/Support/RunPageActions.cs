using Microsoft.Playwright;

namespace OnlineConsole.Tests.Support;

/// <summary>What an expert does on the Run page.</summary>
public static class RunPageActions
{
    /// <summary>Sends the command whose confirmation is open.</summary>
    public static async Task ConfirmAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ClickAsync("[data-testid=confirm-send]");
    }
}
