namespace OnlineConsole.Core.Alarms;

/// <summary>Where every alarm source delivers its observations; a new source is one adapter onto this.</summary>
public interface IAlarmIngest
{
    /// <summary>Applies the valid signals; the invalid ones are refused, each with the reason, and change nothing.</summary>
    AlarmIngestResult Submit(IReadOnlyList<AlarmSignal> signals);
}
