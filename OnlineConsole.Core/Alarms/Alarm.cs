using OnlineConsole.Core.Run;

namespace OnlineConsole.Core.Alarms;

/// <summary>
/// An alarm as pages show it and the settings database keeps it. <see cref="Activation"/> names one activation:
/// an acknowledgement is for the activation the operator saw, never for a later one.
/// </summary>
public sealed record Alarm
{
    public required string Key { get; init; }
    public required string Source { get; init; }
    public required string Rule { get; init; }
    public required AlarmSeverity Severity { get; init; }
    public required string Message { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Subject { get; init; }
    public string? Guidance { get; init; }
    public IReadOnlyList<AlarmLink> Links { get; init; } = [];

    /// <summary>The condition holds now (after debounce).</summary>
    public bool Active { get; init; }
    public bool Latched { get; init; } = true;
    public long Activation { get; init; }
    public DateTimeOffset FirstActivated { get; init; }
    public DateTimeOffset ActiveSince { get; init; }
    public DateTimeOffset? ClearedAt { get; init; }
    public DateTimeOffset LastChange { get; init; }

    /// <summary>Activations since the alarm was first seen.</summary>
    public int Count { get; init; }
    public long? RunNumber { get; init; }
    public RunState? RunState { get; init; }

    public AlarmDecision? Acknowledged { get; init; }
    public AlarmShelf? Shelf { get; init; }
    public AlarmDecision? OutOfService { get; init; }
    public bool Chattering { get; init; }

    /// <summary>The root-cause alarm this one hangs from (not notified while that is active), or null.</summary>
    public string? SuppressedBy { get; init; }

    /// <summary>Active alarms suppressed by this one (shown as "n affected").</summary>
    public int Affected { get; init; }

    public AlarmState State =>
        OutOfService is not null ? AlarmState.OutOfService
        : Shelf is not null ? AlarmState.Shelved
        : Active ? (Acknowledged is null ? AlarmState.ActiveUnacknowledged : AlarmState.ActiveAcknowledged)
        : Latched && ClearedAt is not null && Acknowledged is null ? AlarmState.ReturnedUnacknowledged
        : AlarmState.Normal;

    /// <summary>Needs a shifter: active or latched, not acknowledged, not shelved, not out of service.</summary>
    public bool NeedsAcknowledgement => State is AlarmState.ActiveUnacknowledged or AlarmState.ReturnedUnacknowledged;

    /// <summary>Shown in the active list (everything but shelved, out of service and normal).</summary>
    public bool InActiveList => State is AlarmState.ActiveUnacknowledged or AlarmState.ActiveAcknowledged or AlarmState.ReturnedUnacknowledged;
}
