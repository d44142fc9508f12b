using Microsoft.Playwright;

namespace OnlineConsole.Tests.Support;

/// <summary>How a user changes a limit in the detector limits editor: value, save, reason, confirm.</summary>
public static class LimitsEditorPage
{
    public static async Task SaveAsync(IPage page, ILocator input, string value, string reason)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(input);
        await input.FillAsync(value);
        await input.DispatchEventAsync("change");
        await page.ClickAsync("[data-testid=limits-save]");
        await page.FillAsync("[data-testid=limits-reason]", reason);
        await page.ClickAsync("[data-testid=confirm-send]");
        await Assertions.Expect(page.Locator("[data-testid=limits-saved]")).ToBeVisibleAsync();
    }
}
