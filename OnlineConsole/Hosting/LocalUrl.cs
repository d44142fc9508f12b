namespace OnlineConsole.Hosting;

public static class LocalUrl
{
    /// <summary>
    /// The URL when it is a path on this site, else "/". Redirecting to anything else after a login or a
    /// preference change would make the console an open redirect, a phishing aid.
    /// </summary>
    public static string OrRoot(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";
}
