using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Security;

namespace OnlineConsole.Dcs;

/// <summary>
/// Commands to slow-control channels (an HV channel's set voltage, power on/off) through the one action service:
/// experts only (checked against the account's current role), with a reason, audited with the channel's readback
/// before and the command sent. The command is pending in the store until the module's readback confirms it; a
/// command that cannot be sent (the broker is down) fails here, visibly, and is audited as failed.
/// </summary>
public sealed class DcsActions(ActionService actions, IEnumerable<IDcsControl> controls, LiveStore store)
{
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    public Task<ActionResult> SetAsync(string channelId, string? value, string? reason)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        return actions.RunAsync(new ConsoleAction("dcs.set", channelId, OperatorRole.Expert, reason), async who =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            var channel = store.Dcs.Find(channelId) ?? throw new ArgumentException($"'{channelId}' is not a known DCS channel");
            var (payload, error) = channel.Normalize(value);
            if (payload is null) throw new ArgumentException(error);
            var control = controls.LastOrDefault() ?? throw new InvalidOperationException("No slow control is configured: the command cannot be sent.");
            var before = channel.Latest?.Display ?? "no reading";
            var command = store.Dcs.BeginCommand(channel, payload, who.Name);
            using var cts = new CancellationTokenSource(SendTimeout);
            try
            {
                await control.SendAsync(channel.SetTopic!, payload, cts.Token);
            }
            catch (Exception ex) when (ex is not ArgumentException)
            {
                store.Dcs.FailCommand(command, ex.Message);
                throw;
            }
            return new ActionAudit("sent", before, $"{payload} {channel.Unit} to {channel.SetTopic}".Replace("  ", " ", StringComparison.Ordinal));
        });
    }
}
