using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Collectors.Alerting;

/// <summary>
/// The signals of one posted body, or why it is refused. A body with any error is refused whole, so a sender
/// never has to find out which part was taken.
/// </summary>
public sealed record AlarmParseResult(IReadOnlyList<AlarmSignal> Signals, IReadOnlyList<string> Errors, string? Reason)
{
    /// <summary>At most this many reasons are listed; the rest are counted in the last one.</summary>
    public const int MaxErrors = 20;

    public bool Ok => Errors.Count == 0;

    public static AlarmParseResult Refused(string reason, string error) => new([], [error], reason);

    /// <summary>Signals when <paramref name="errors"/> is empty; otherwise the first errors and a count of the others.</summary>
    public static AlarmParseResult From(List<AlarmSignal> signals, List<string> errors, string reason)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0) return new(signals, [], null);
        if (errors.Count > MaxErrors) errors = [.. errors.Take(MaxErrors), $"... and {errors.Count - MaxErrors} more"];
        return new([], errors, reason);
    }
}
