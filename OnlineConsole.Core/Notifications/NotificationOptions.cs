using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Notifications;

/// <summary>
/// The whole notification configuration (section "Notifications"): the routing tree, contact points, mute timings,
/// silences, the roster, the heartbeat and delivery. Settings pages store this same shape as JSON.
/// </summary>
public sealed class NotificationOptions : IValidatableOptions
{
    public const string Section = "Notifications";

    public bool Enabled { get; set; }
    public RouteOptions Route { get; set; } = new();
    public List<ContactPointOptions> ContactPoints { get; set; } = [];
    public List<MuteTimingOptions> MuteTimings { get; set; } = [];
    public List<SilenceOptions> Silences { get; set; } = [];
    public List<RosterEntryOptions> Roster { get; set; } = [];
    public HeartbeatOptions Heartbeat { get; set; } = new();
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>Alarms listed in one message; the rest are counted in a summary line.</summary>
    public int MaxAlarmsPerMessage { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ContactPoints.Count; i++)
        {
            var p = $"{Section}:ContactPoints:{i}";
            errors.AddRange(ContactPoints[i].Validate(p));
            if (!string.IsNullOrWhiteSpace(ContactPoints[i].Name) && !names.Add(ContactPoints[i].Name))
                errors.Add($"{p}:Name '{ContactPoints[i].Name}' is used twice.");
        }
        var mutes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < MuteTimings.Count; i++)
        {
            var p = $"{Section}:MuteTimings:{i}";
            if (string.IsNullOrWhiteSpace(MuteTimings[i].Name)) errors.Add($"{p}:Name is empty.");
            else if (!mutes.Add(MuteTimings[i].Name)) errors.Add($"{p}:Name '{MuteTimings[i].Name}' is used twice.");
            if (MuteTimings[i].Intervals.Count == 0) errors.Add($"{p}:Intervals is empty.");
            for (var j = 0; j < MuteTimings[i].Intervals.Count; j++) errors.AddRange(MuteTimings[i].Intervals[j].Validate($"{p}:Intervals:{j}"));
        }
        ValidateRoute(Route, $"{Section}:Route", names, mutes, errors, isRoot: Enabled);
        for (var i = 0; i < Silences.Count; i++)
        {
            var p = $"{Section}:Silences:{i}";
            if (Silences[i].Matchers.Count == 0) errors.Add($"{p}:Matchers is empty (a silence must match something).");
            for (var j = 0; j < Silences[i].Matchers.Count; j++)
                if (Matcher.TryParse(Silences[i].Matchers[j], out var e) is null) errors.Add($"{p}:Matchers:{j} {e}.");
            if (string.IsNullOrWhiteSpace(Silences[i].Reason)) errors.Add($"{p}:Reason is empty.");
            if (Silences[i].Until == default) errors.Add($"{p}:Until is missing.");
        }
        for (var i = 0; i < Roster.Count; i++)
        {
            var p = $"{Section}:Roster:{i}";
            if (string.IsNullOrWhiteSpace(Roster[i].Name)) errors.Add($"{p}:Name is empty.");
            if (Roster[i].Until <= Roster[i].From) errors.Add($"{p}:Until must be after From.");
        }
        if (Heartbeat.Interval is { } hb && hb < TimeSpan.FromMinutes(1)) errors.Add($"{Section}:Heartbeat:Interval must be at least 00:01:00 (is {hb}).");
        if (Heartbeat.Interval is not null && Heartbeat.ContactPoints.Count == 0) errors.Add($"{Section}:Heartbeat:ContactPoints is empty.");
        foreach (var c in Heartbeat.ContactPoints.Where(c => !names.Contains(c))) errors.Add($"{Section}:Heartbeat:ContactPoints '{c}' is not a contact point.");
        if (Delivery.MaxAttempts is < 1 or > 100) errors.Add($"{Section}:Delivery:MaxAttempts must be between 1 and 100 (is {Delivery.MaxAttempts}).");
        if (Delivery.InitialBackoff <= TimeSpan.Zero) errors.Add($"{Section}:Delivery:InitialBackoff must be positive (is {Delivery.InitialBackoff}).");
        if (Delivery.MaxBackoff < Delivery.InitialBackoff) errors.Add($"{Section}:Delivery:MaxBackoff must be at least InitialBackoff (is {Delivery.MaxBackoff}).");
        if (Delivery.Lease < TimeSpan.FromSeconds(5)) errors.Add($"{Section}:Delivery:Lease must be at least 00:00:05 (is {Delivery.Lease}).");
        if (Delivery.PollInterval <= TimeSpan.Zero) errors.Add($"{Section}:Delivery:PollInterval must be positive (is {Delivery.PollInterval}).");
        if (Delivery.AlarmAfterFailures < 1) errors.Add($"{Section}:Delivery:AlarmAfterFailures must be positive (is {Delivery.AlarmAfterFailures}).");
        if (MaxAlarmsPerMessage is < 1 or > 100) errors.Add($"{Section}:MaxAlarmsPerMessage must be between 1 and 100 (is {MaxAlarmsPerMessage}).");
        return errors;
    }

    private static void ValidateRoute(RouteOptions r, string p, HashSet<string> points, HashSet<string> mutes, List<string> errors, bool isRoot)
    {
        // isRoot is false for a disabled configuration: an empty one (the default) must not stop the console.
        if (isRoot && r.Matchers.Count > 0) errors.Add($"{p}:Matchers must be empty on the root route (it matches every alarm).");
        if (isRoot && r.ContactPoints.Count == 0) errors.Add($"{p}:ContactPoints is empty (the root route needs a default contact point).");
        for (var j = 0; j < r.Matchers.Count; j++)
            if (Matcher.TryParse(r.Matchers[j], out var e) is null) errors.Add($"{p}:Matchers:{j} {e}.");
        foreach (var c in r.ContactPoints.Where(c => !points.Contains(c))) errors.Add($"{p}:ContactPoints '{c}' is not a contact point.");
        foreach (var m in r.MuteTimings.Where(m => !mutes.Contains(m))) errors.Add($"{p}:MuteTimings '{m}' is not a mute timing.");
        if (r.GroupWait is { } gw && gw < TimeSpan.Zero) errors.Add($"{p}:GroupWait must not be negative (is {gw}).");
        if (r.GroupInterval is { } gi && gi < TimeSpan.FromSeconds(1)) errors.Add($"{p}:GroupInterval must be at least 00:00:01 (is {gi}).");
        if (r.RepeatInterval is { } ri && ri < TimeSpan.FromMinutes(1)) errors.Add($"{p}:RepeatInterval must be at least 00:01:00 (is {ri}).");
        for (var i = 0; i < r.Escalation.Count; i++)
        {
            var s = r.Escalation[i];
            if (s.After <= TimeSpan.Zero) errors.Add($"{p}:Escalation:{i}:After must be positive (is {s.After}).");
            if (i > 0 && s.After <= r.Escalation[i - 1].After) errors.Add($"{p}:Escalation:{i}:After must be later than the step before.");
            if (s.ContactPoints.Count == 0) errors.Add($"{p}:Escalation:{i}:ContactPoints is empty.");
            foreach (var c in s.ContactPoints.Where(c => !points.Contains(c))) errors.Add($"{p}:Escalation:{i}:ContactPoints '{c}' is not a contact point.");
        }
        for (var i = 0; i < r.Routes.Count; i++) ValidateRoute(r.Routes[i], $"{p}:Routes:{i}", points, mutes, errors, isRoot: false);
    }
}
