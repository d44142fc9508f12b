using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.HttpHealth;

/// <summary>HTTP health endpoints checked each interval (section "HttpHealth"); none: the collector does not run.</summary>
public sealed class HttpHealthOptions : IValidatableOptions
{
    public const string Section = "HttpHealth";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
    public List<HttpHealthCheckOptions> Checks { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        foreach (var e in PollingSettings.Check(Section, PollInterval, Timeout)) yield return e;
        foreach (var e in PollingSettings.UniqueNames(Section, "Checks", Checks.Select(c => c.Name))) yield return e;
        for (var i = 0; i < Checks.Count; i++)
        {
            var c = Checks[i];
            if (!Uri.TryCreate(c.Url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                yield return $"{Section}:Checks:{i}:Url must be an absolute http:// or https:// URL.";
            if (c.ExpectStatus is < 100 or > 599) yield return $"{Section}:Checks:{i}:ExpectStatus must be an HTTP status (100-599).";
        }
    }
}
