using Microsoft.AspNetCore.Localization;

namespace OnlineConsole.Hosting;

/// <summary>Language and theme, remembered per browser in cookies (a full reload applies them everywhere).</summary>
public static class PreferenceEndpoints
{
    public const string ThemeCookie = "oc-theme";
    public static readonly string[] Cultures = ["en", "zh-CN"];

    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous: the login page offers the language switch too.
        var prefs = app.MapGroup("").AllowAnonymous();
        prefs.MapGet("/prefs/culture", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!Cultures.Contains(culture, StringComparer.Ordinal)) return Results.BadRequest($"Unsupported culture '{culture}'.");
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), CookieOptions(http));
            return Results.LocalRedirect(SafeReturn(returnUrl));
        });
        prefs.MapGet("/prefs/theme", (string theme, string? returnUrl, HttpContext http) =>
        {
            if (theme == "toggle") theme = IsDark(http) ? "light" : "dark";
            if (theme is not ("dark" or "light")) return Results.BadRequest($"Unsupported theme '{theme}'.");
            http.Response.Cookies.Append(ThemeCookie, theme, CookieOptions(http));
            return Results.LocalRedirect(SafeReturn(returnUrl));
        });
        return app;
    }

    public static bool IsDark(HttpContext? http) => http?.Request.Cookies[ThemeCookie] != "light";

    // Only local paths: an open redirect through a preference link would be an easy phishing aid.
    private static string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl : "/";

    private static CookieOptions CookieOptions(HttpContext http) => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
    };
}
