namespace OnlineConsole.Core.Alarms;

/// <summary>
/// A source that keeps acknowledgements of its own (the Phoebus alarm server): an acknowledgement made in the console
/// is sent back to it, so that its other clients see the same.
/// </summary>
public interface IAlarmForwarder
{
    bool Handles(string key);

    /// <summary>Sends the acknowledgement of <paramref name="key"/> by <paramref name="user"/>; throws when it cannot.</summary>
    Task AcknowledgeAsync(string key, string user, CancellationToken ct);
}
