using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Processes;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

/// <summary>
/// The Services page over a full-size simulated cluster (100 nodes, 1,000 pods): only the rows in view are in the
/// DOM, the detail links a pod to its node, a shifter's delete is refused on the server and audited, an expert's
/// rollout restart replaces the pods.
/// </summary>
[Trait("Category", "Component")]
public sealed class KubernetesServicesPageTests : IAsyncDisposable
{
    private const string Engine = "k8s/sim/ns/daq/deployment/dq-engine";
    private readonly ConsoleTestContext _ctx = new();
    private readonly SimulatedKubernetes _k8s;

    public KubernetesServicesPageTests()
    {
        _k8s = new SimulatedKubernetes(_ctx.Store, nodes: 100, pods: 1000);
        _ctx.Services.AddSingleton<IProcessControl>(_k8s);
        _ctx.Services.AddScoped<ProcessActions>();
        _k8s.Step(_ctx.Time.GetUtcNow());
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    private string FirstPod(string parent) => _ctx.Store.Services.Snapshot().First(s => s.Parent == parent && s.Kind == KubernetesKinds.Pod).Name;

    [Fact]
    public void A_cluster_of_1000_pods_renders_only_the_rows_in_view_and_a_pod_links_to_its_node()
    {
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<Services>();
        // The 981 workers start folded under their deployment; unfolded, there are more rows than any screen shows.
        page.Find("[data-testid=svc-row][data-name='k8s/sim/ns/daq/deployment/dq-worker'] [data-testid=svc-fold]").Click();
        var total = _ctx.Store.Services.Snapshot().Count;
        Assert.True(total > 1100, $"{total} rows");
        page.WaitForAssertion(() => Assert.InRange(page.FindAll("[data-testid=svc-row]").Count, 1, 200));

        var pod = FirstPod(Engine);
        page.Find("[data-testid=svc-search]").Input(pod[(pod.LastIndexOf('/') + 1)..]);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=svc-row]"), r => r.GetAttribute("data-name") == pod));
        page.Find($"[data-testid=svc-row][data-name='{pod}'] [data-testid=svc-open]").Click();
        var related = page.Find("[data-testid=svc-related]");
        Assert.StartsWith("k8s/sim/nodes/olk8s", related.TextContent, StringComparison.Ordinal);
        related.Click();
        page.WaitForAssertion(() => Assert.StartsWith("k8s/sim/nodes/olk8s", page.Find("[data-testid=svc-panel] h2").TextContent, StringComparison.Ordinal));
        Assert.Contains("topology?device=olk8s", page.Find("[data-testid=svc-topology]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shifters_delete_is_refused_on_the_server_and_audited_and_the_pod_stays()
    {
        _ctx.SignIn("sam", "Shifter");
        var pod = FirstPod(Engine);
        var result = await _ctx.Services.GetRequiredService<ProcessActions>().ControlAsync(pod, ProcessAction.Delete, "trying anyway");
        Assert.Equal(OnlineConsole.Security.ActionStatus.Refused, result.Status);
        Assert.Contains(_ctx.Store.Services.Snapshot(), s => s.Name == pod);
        var entry = Assert.Single(_ctx.Audit.Entries, e => e.Action == "process.delete");
        Assert.Equal(("sam", pod), (entry.User, entry.Target));
        Assert.StartsWith("refused: role too low (needs Expert, account is Shifter)", entry.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expert_restarts_a_deployment_as_a_rollout_and_every_pod_is_replaced()
    {
        _ctx.SignIn("erin", "Expert");
        var dialogs = _ctx.Render<MudBlazor.MudDialogProvider>();
        var page = _ctx.Render<Services>();
        var before = FirstPod(Engine);

        page.Find($"[data-testid=svc-row][data-name='{Engine}'] [data-testid=svc-restart]").Click();
        Assert.Contains("replaces every pod of the workload", dialogs.WaitForElement(".mud-dialog").TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=svc-reason]").Input("new calibration constants");
        dialogs.Find("[data-testid=confirm-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("accepted", page.Find("[data-testid=svc-feedback]").GetAttribute("data-outcome")));
        Assert.DoesNotContain(_ctx.Store.Services.Snapshot(), s => s.Name == before);
        var entry = Assert.Single(_ctx.Audit.Entries, e => e.Action == "process.restart");
        Assert.Equal(("erin", Engine, "new calibration constants", "ok"), (entry.User, entry.Target, entry.Reason, entry.Outcome));
        // A pod offers delete, not start or stop.
        Assert.Empty(page.FindAll($"[data-testid=svc-row][data-name='{FirstPod(Engine)}'] [data-testid=svc-start]"));
    }
}
