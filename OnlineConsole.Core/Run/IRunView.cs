using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Run;

/// <summary>The run area read-only: what the pages see of <see cref="RunArea"/>.</summary>
public interface IRunView
{
    FreshnessPolicy Policy { get; }
    (RunStatus? Status, SourceStamp? Stamp) Snapshot();
    RunConflict? Conflict { get; }
    IReadOnlyList<RunRecord> History { get; }
}
