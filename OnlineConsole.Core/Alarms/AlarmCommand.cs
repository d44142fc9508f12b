namespace OnlineConsole.Core.Alarms;

public enum AlarmCommandKind
{
    Acknowledge,
    Unacknowledge,
    Shelve,
    Unshelve,
    RemoveFromService,
    ReturnToService,
}

/// <summary>
/// One operator command on one alarm, as data: a replica that does not hold the lease hands it to the one that
/// does, which keeps the alarms. <see cref="Activation"/> is for acknowledgements, <see cref="Until"/> for shelves.
/// </summary>
public sealed record AlarmCommand(AlarmCommandKind Kind, string Key, string User, string Comment)
{
    public long Activation { get; init; }
    public DateTimeOffset? Until { get; init; }
}

/// <summary>Where operator commands on alarms go: the alarm area itself, or the replica that holds the lease.</summary>
public interface IAlarmCommands
{
    Task<AlarmCommandResult> RunAsync(AlarmCommand command, CancellationToken cancellationToken);
}
