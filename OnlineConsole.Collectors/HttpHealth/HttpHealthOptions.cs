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
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromHours(1)) yield return $"{Section}:PollInterval must be between 00:00:01 and 01:00:00 (is {PollInterval}).";
        if (Timeout <= TimeSpan.Zero || Timeout > PollInterval) yield return $"{Section}:Timeout must be positive and at most PollInterval.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Checks.Count; i++)
        {
            var c = Checks[i];
            if (string.IsNullOrWhiteSpace(c.Name)) yield return $"{Section}:Checks:{i}:Name is required.";
            else if (!names.Add(c.Name)) yield return $"{Section}:Checks:{i}:Name '{c.Name}' is used twice.";
            if (!Uri.TryCreate(c.Url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                yield return $"{Section}:Checks:{i}:Url must be an absolute http:// or https:// URL.";
            if (c.ExpectStatus is < 100 or > 599) yield return $"{Section}:Checks:{i}:ExpectStatus must be an HTTP status (100-599).";
        }
    }
}
