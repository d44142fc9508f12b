namespace OnlineConsole.Core.Run;

/// <summary>The state machine: which commands are allowed from which state, and where they lead.</summary>
public static class RunStateMachine
{
    public static RunState? Target(RunState from, RunCommand command) => (from, command) switch
    {
        (RunState.Initial or RunState.Stopped, RunCommand.Configure) => RunState.Configured,
        (RunState.Configured, RunCommand.Start) => RunState.Running,
        (RunState.Ready, RunCommand.Start) => RunState.Running,
        (RunState.Running, RunCommand.Pause) => RunState.Paused,
        (RunState.Paused, RunCommand.Resume) => RunState.Running,
        (RunState.Running or RunState.Paused, RunCommand.Stop) => RunState.Stopped,
        (_, RunCommand.Reset) when from != RunState.Initial => RunState.Initial,
        _ => null,
    };

    public static IEnumerable<RunCommand> Allowed(RunState from) =>
        Enum.GetValues<RunCommand>().Where(c => Target(from, c) is not null);
}
