using OnlineConsole.Core.Run;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>Run control when the console runs its built-in simulator: commands go to its run controller.</summary>
public sealed class SimulatorRunControl(SimulatorCollector simulator, TimeProvider time) : IRunControl
{
    public string Target => "simulator";

    public Task<RunCommandResult> SendAsync(RunCommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Guid.NewGuid().ToString("N");
        var error = simulator.Simulator.RunController.Apply(request.Command, time.GetUtcNow(), request.RunType, request.Reason);
        return Task.FromResult(new RunCommandResult(id, error is null ? RunCommandOutcome.Accepted : RunCommandOutcome.Rejected, error));
    }
}
