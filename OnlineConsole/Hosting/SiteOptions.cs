using OnlineConsole.Core.Live;

namespace OnlineConsole.Hosting;

/// <summary>What site this console serves (section "Site").</summary>
public sealed class SiteOptions : IValidatableOptions
{
    public const string Section = "Site";

    public string Name { get; set; } = "JUNO (simulated)";

    /// <summary>IANA time zone of the site clock shown beside UTC.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// A page hidden this long (a background tab, a locked laptop) pauses its circuit so the server keeps no
    /// renderer for it; it resumes when shown again. Zero never pauses (wall screens are never hidden).
    /// </summary>
    public TimeSpan PauseHiddenPagesAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The console's address as people reach it; notifications link to {PublicUrl}/alarms?key=...</summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return $"{Section}:Name must not be empty.";
        if (PauseHiddenPagesAfter < TimeSpan.Zero) yield return $"{Section}:PauseHiddenPagesAfter must not be negative.";
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            yield return $"{Section}:PublicUrl '{PublicUrl}' is not an http(s) URL.";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _)) yield return $"{Section}:TimeZone '{TimeZone}' is not a known IANA time zone.";
    }
}
