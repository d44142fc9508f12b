namespace OnlineConsole.Core.Alarms;

/// <summary>How many signals were applied, and why the others were refused ("#3: the key is empty").</summary>
public sealed record AlarmIngestResult(int Accepted, IReadOnlyList<string> Errors)
{
    public bool AllAccepted => Errors.Count == 0;
}
