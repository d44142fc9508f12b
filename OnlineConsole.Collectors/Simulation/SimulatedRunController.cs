using OnlineConsole.Core.Run;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>
/// The run-controller side of the simulator: a state machine that goes through runs by itself (AutoCycle) and
/// accepts the same commands a real run controller does. Run numbers are assigned once, at start, and only grow.
/// </summary>
public sealed class SimulatedRunController
{
    private readonly SimulatorOptions _options;
    private readonly Lock _gate = new();
    private RunStatus _status;
    private TimeSpan _inState;
    private TimeSpan _runTime;
    private long _runsStarted;
    private bool _pausedThisRun;
    private IReadOnlyList<RunRecord> _history = [];

    public SimulatedRunController(SimulatorOptions options)
    {
        _options = options;
        _status = new RunStatus(options.FirstRunNumber - 1, RunState.Initial, "physics", null, null, null);
    }

    public RunStatus Status
    {
        get { lock (_gate) return _status; }
    }

    /// <summary>Finished runs, newest first (at most <see cref="RunArea.MaxHistory"/>); a new list after each stop.</summary>
    public IReadOnlyList<RunRecord> History
    {
        get { lock (_gate) return _history; }
    }

    /// <summary>Applies a command. Returns null when accepted, else the reason it was rejected.</summary>
    public string? Apply(RunCommand command, DateTimeOffset now, string? runType = null, string? reason = null)
    {
        lock (_gate)
        {
            var target = RunStateMachine.Target(_status.State, command);
            if (target is null) return $"{command} is not allowed in state {_status.State}.";
            _status = command switch
            {
                RunCommand.Start => new RunStatus(_status.RunNumber + 1, RunState.Running, runType ?? _status.RunType, now, null, null),
                RunCommand.Stop => _status with { State = RunState.Stopped, StoppedAt = now, StopReason = reason ?? "operator stop" },
                RunCommand.Configure => _status with { State = RunState.Configured, RunType = runType ?? _status.RunType },
                _ => _status with { State = target.Value },
            };
            if (command == RunCommand.Stop)
                _history = [new RunRecord(_status.RunNumber, _status.RunType, _status.StartedAt, now, _status.StopReason), .. _history.Take(RunArea.MaxHistory - 1)];
            if (command == RunCommand.Start)
            {
                _runsStarted++;
                _runTime = TimeSpan.Zero;
                _pausedThisRun = false;
            }
            _inState = TimeSpan.Zero;
            return null;
        }
    }

    public void Advance(TimeSpan dt, DateTimeOffset now)
    {
        RunCommand? next = null;
        lock (_gate)
        {
            _inState += dt;
            if (_status.State is RunState.Running) _runTime += dt;
            if (!_options.AutoCycle) return;
            var pauseThisRun = _options.PauseEveryRuns > 0 && _runsStarted % _options.PauseEveryRuns == 0;
            next = _status.State switch
            {
                RunState.Initial or RunState.Stopped when _inState >= (_status.State == RunState.Initial ? _options.FrameInterval : _options.StoppedTime) => RunCommand.Configure,
                RunState.Configured when _inState >= _options.ConfigureTime => RunCommand.Start,
                RunState.Running when _runTime >= _options.RunLength => RunCommand.Stop,
                RunState.Running when pauseThisRun && !_pausedThisRun && _runTime >= _options.RunLength / 2 => RunCommand.Pause,
                RunState.Paused when _inState >= _options.PauseLength => RunCommand.Resume,
                RunState.Error when _inState >= _options.StoppedTime => RunCommand.Reset,
                _ => null,
            };
            if (next == RunCommand.Pause) _pausedThisRun = true;
        }
        if (next is { } c) Apply(c, now, reason: c == RunCommand.Stop ? "end of run (planned length)" : null);
    }
}
