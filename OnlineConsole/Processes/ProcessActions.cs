using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Core.Services;
using OnlineConsole.Security;

namespace OnlineConsole.Processes;

/// <summary>
/// Start, stop and restart of a supervised process, rollout restart of a Kubernetes workload and deletion of a pod, through the one action service: experts only (checked against
/// the account's current role), always with a reason, audited with the process's state and pid before and after.
/// </summary>
public sealed class ProcessActions(ActionService actions, IEnumerable<IProcessControl> controls, LiveStore store)
{
    /// <summary>A start or stop waits for the process to settle (supervisord's startsecs / stopwaitsecs).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    public Task<ActionResult> ControlAsync(string service, ProcessAction action, string? reason)
    {
        ArgumentNullException.ThrowIfNull(service);
        return actions.RunAsync(new ConsoleAction("process." + action.ToString().ToLowerInvariant(), service, OperatorRole.Expert, reason), async who =>
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a reason is required");
            var control = controls.FirstOrDefault(c => c.Handles(service)) ?? throw new ArgumentException($"'{service}' cannot be controlled from the console");
            var before = Describe(service);
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await control.ControlAsync(service, action, cts.Token);
            }
            catch (SupervisorFaultException e)
            {
                // supervisord refused (already started, not running, bad name): the operator's request, not a failure.
                throw new ArgumentException("supervisord: " + e.Message, e);
            }
            catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode is >= 400 and < 500)
            {
                // The API server refused (forbidden by RBAC, not found): its own words, which name the reason.
                throw new ArgumentException($"Kubernetes: {(int)e.Response.StatusCode} {KubernetesMessage(e.Response.Content)}", e);
            }
            return new ActionAudit("ok", before, Describe(service));
        });
    }

    private static string KubernetesMessage(string? body)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body ?? "");
            return doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }

    private string Describe(string service) =>
        store.Services.Snapshot().FirstOrDefault(s => s.Name == service) is { } s ? $"{s.State}: {s.Detail}" : "unknown";
}
