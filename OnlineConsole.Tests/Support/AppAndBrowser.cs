namespace OnlineConsole.Tests.Support;

/// <summary>
/// A test class's own console process (started with an admin account) and headless browser, started together and
/// stopped browser first.
/// </summary>
public abstract class AppAndBrowser(string[] appArgs) : IAsyncLifetime
{
    protected AppProcess App { get; } = new(appArgs);
    protected BrowserFixture Browser { get; } = new();

    public Task InitializeAsync() => Task.WhenAll(App.StartWithAdminAsync(), Browser.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }
}
