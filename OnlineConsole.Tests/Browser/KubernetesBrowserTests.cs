using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OnlineConsole.Tests.Kubernetes;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>The API host the console process watches, started before it.</summary>
public sealed class KubeApiFixture : IAsyncDisposable
{
    public KubeApiHost Api { get; } = new();

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>
/// A real console process watching a cluster (the in-test API host): a pod that goes into CrashLoopBackOff turns
/// its row, its deployment and the rolled-up cluster red in the browser; an expert deletes a pod, audited.
/// </summary>
[Trait("Category", "Browser")]
public sealed class KubernetesBrowserTests(KubeApiFixture k8s) : AppAndBrowser([
        .. AppProcess.FastSimulatorArgs(), $"--Kubernetes:Server={k8s.Api.Url}", "--Kubernetes:Cluster=online", "--Kubernetes:Namespaces:0=daq",
        "--Kubernetes:RefreshInterval=00:00:02",
    ]), IClassFixture<KubeApiFixture>
{
    private const string Cluster = "k8s/online";
    private const string Engine = "k8s/online/ns/daq/deployment/dq-engine";
    private const string Pod = Engine + "/dq-engine-5f7b9c8d4-k8m2p";
    private static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 15_000 };

    private static ILocator Row(IPage page, string name) => page.Locator($"[data-testid=svc-row][data-name='{name}']");

    [Fact]
    public async Task A_pod_going_into_crash_loop_back_off_turns_its_row_and_the_rolled_up_cluster_red_within_a_second()
    {
        await App.AddUserAsync("sid", "shifter");
        var (page, errors) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "sid", path: "/services");
        await Assertions.Expect(Row(page, Pod)).ToHaveAttributeAsync("data-state", "up", Soon);
        // The simulated cluster gives way to the watched one.
        await Assertions.Expect(Row(page, "k8s/sim")).ToHaveCountAsync(0);
        // olk8s02 reports disk pressure: the cluster rolls up to degraded before anything crashes.
        await Assertions.Expect(Row(page, Cluster)).ToHaveAttributeAsync("data-state", "degraded");
        await Poll.UntilAsync(() => k8s.Api.OpenWatches(KubeApiHost.PodsPath) >= 1, TimeSpan.FromSeconds(10), "the console watching pods");

        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(TestStores.RepoRoot(), "OnlineConsole.Tests", "Kubernetes", "recorded", "watch-pod-crashloop.json")))!;
        var sent = Stopwatch.StartNew();
        k8s.Api.Put(KubeApiHost.PodsPath, recorded["object"]!.AsObject());
        await Assertions.Expect(Row(page, Pod)).ToHaveAttributeAsync("data-state", "down", new() { Timeout = 1_000 });
        var took = sent.Elapsed;
        await Assertions.Expect(Row(page, Engine)).ToHaveAttributeAsync("data-state", "down");
        await Assertions.Expect(Row(page, Cluster)).ToHaveAttributeAsync("data-state", "down");
        await Assertions.Expect(Row(page, Pod).Locator("[data-testid=svc-detail]")).ToContainTextAsync("CrashLoopBackOff");
        Assert.True(took < TimeSpan.FromSeconds(1), $"{took.TotalMilliseconds:0} ms");

        // A shifter sees the delete button, disabled (the server's own refusal is in ServicesPageTests).
        await Assertions.Expect(Row(page, Pod).Locator("[data-testid=svc-delete]")).ToBeDisabledAsync();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task An_expert_deletes_a_failed_pod_with_a_reason_and_the_audit_keeps_who_and_why()
    {
        await App.AddUserAsync("ella", "expert");
        var (page, errors) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "ella", path: "/services");
        const string kafka1 = "k8s/online/ns/daq/statefulset/kafka/kafka-1";
        await Assertions.Expect(Row(page, kafka1)).ToHaveAttributeAsync("data-state", "up", Soon);

        await Row(page, kafka1).Locator("[data-testid=svc-delete]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("deletes the pod");
        await page.FillAsync("[data-testid=svc-reason]", "kafka-1 holds a stale partition lease");
        await page.ClickAsync("[data-testid=confirm-send]");
        await Assertions.Expect(page.Locator("[data-testid=svc-feedback]")).ToHaveAttributeAsync("data-outcome", "accepted", new() { Timeout = 15_000 });
        await Assertions.Expect(Row(page, kafka1)).ToHaveCountAsync(0);
        Assert.Contains(k8s.Api.Requests, r => r.StartsWith("DELETE /api/v1/namespaces/daq/pods/kafka-1", StringComparison.Ordinal));

        var (admin, _) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(admin, AppProcess.AdminName, path: "/");
        var csv = await (await admin.APIRequest.GetAsync("/admin/audit.csv?action=process.delete")).TextAsync();
        Assert.Contains(",ella,", csv, StringComparison.Ordinal);
        Assert.Contains(kafka1, csv, StringComparison.Ordinal);
        Assert.Contains("kafka-1 holds a stale partition lease", csv, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
