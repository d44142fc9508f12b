using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

/// <summary>How an action ended, every case already audited.</summary>
/// <param name="Problem">For Invalid and Failed: the message to show.</param>
public sealed record ActionResult(ActionStatus Status, OperatorIdentity Who, AccessRefusal Refusal = AccessRefusal.None, OperatorRole Required = OperatorRole.Display, string? Problem = null)
{
    public bool Succeeded => Status == ActionStatus.Done;
}
