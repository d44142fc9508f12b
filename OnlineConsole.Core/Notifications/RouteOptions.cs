namespace OnlineConsole.Core.Notifications;

/// <summary>
/// One node of the routing tree (Alertmanager semantics). An alarm enters at the root and goes down to the first
/// child whose matchers all hold, and on to later siblings only while the matched child has <see cref="Continue"/>.
/// Timers and grouping left null are inherited from the parent.
/// </summary>
public sealed class RouteOptions
{
    /// <summary>A name for messages, logs and the preview; defaults to the route's path ("root/0/1").</summary>
    public string? Name { get; set; }
    public List<string> Matchers { get; set; } = [];
    public bool Continue { get; set; }
    public List<string> ContactPoints { get; set; } = [];
    public List<string>? GroupBy { get; set; }
    public TimeSpan? GroupWait { get; set; }
    public TimeSpan? GroupInterval { get; set; }
    public TimeSpan? RepeatInterval { get; set; }
    public List<string> MuteTimings { get; set; } = [];
    public List<EscalationStep> Escalation { get; set; } = [];
    public List<RouteOptions> Routes { get; set; } = [];
}
