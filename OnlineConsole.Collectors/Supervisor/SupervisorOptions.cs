using OnlineConsole.Collectors.Hosting;
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
        foreach (var e in PollingSettings.Check(Section, PollInterval, Timeout)) yield return e;
        if (ControlTimeout < Timeout) yield return $"{Section}:ControlTimeout must not be shorter than Timeout.";
        foreach (var e in PollingSettings.UniqueNames(Section, "Instances", Instances.Select(s => s.Name))) yield return e;
        for (var i = 0; i < Instances.Count; i++)
        {
            var s = Instances[i];
            if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttp)
                yield return $"{Section}:Instances:{i}:Url must be an absolute http:// URL (is '{s.Url}').";
        }
    }
}
