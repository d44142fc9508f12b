namespace OnlineConsole.Collectors.Messages;

/// <summary>The three data-quality message kinds the message clients send (docs/contracts.md); one kind per topic.</summary>
public enum DqMessageKind
{
    Log,
    Metric,
    Histogram,
}
