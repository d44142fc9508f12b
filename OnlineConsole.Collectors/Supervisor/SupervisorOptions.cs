using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Supervisor;

/// <summary>supervisord hosts polled over XML-RPC (section "Supervisor"); empty: the collector does not run.</summary>
public sealed class SupervisorOptions : IValidatableOptions
{
    public const string Section = "Supervisor";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>start/stop wait for the process to settle (startsecs, stopwaitsecs), so they get longer than a poll.</summary>
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public List<SupervisorInstanceOptions> Instances { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromHours(1)) yield return $"{Section}:PollInterval must be between 00:00:01 and 01:00:00 (is {PollInterval}).";
        if (Timeout <= TimeSpan.Zero || Timeout > PollInterval) yield return $"{Section}:Timeout must be positive and at most PollInterval.";
        if (ControlTimeout < Timeout) yield return $"{Section}:ControlTimeout must not be shorter than Timeout.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Instances.Count; i++)
        {
            var s = Instances[i];
            if (string.IsNullOrWhiteSpace(s.Name)) yield return $"{Section}:Instances:{i}:Name is required.";
            else if (!names.Add(s.Name)) yield return $"{Section}:Instances:{i}:Name '{s.Name}' is used twice.";
            if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttp)
                yield return $"{Section}:Instances:{i}:Url must be an absolute http:// URL (is '{s.Url}').";
        }
    }
}
