using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Alerting;

/// <summary>
/// A real Prometheus evaluates a rule over a metric the test controls and a real Alertmanager delivers it to the
/// console's webhook with the source's bearer token: the alarm appears with its labels and clears when the
/// metric goes back to 0.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AlertmanagerIntegrationTests : IAsyncLifetime
{
    private const string Token = "lab-alertmanager-token-5f0c1e";
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-am-").FullName;
    private readonly MetricsTarget _metric = new("oc_eventbuilder_stalled", 1);
    private ConsoleFactory _factory = null!;
    private ExternalServer? _alertmanager;
    private ExternalServer? _prometheus;

    public async Task InitializeAsync()
    {
        _factory = new ConsoleFactory(new() { ["Alarms:Sources:lab:Token"] = Token });
        _factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0)); // Kestrel picks the port: a port probed beforehand can be taken by a parallel fixture
        _factory.StartServer();
        var consolePort = new Uri(_factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;

        var amPort = AppProcess.FreeTcpPort();
        File.WriteAllText(Path.Combine(_dir, "alertmanager.yml"), $$"""
            route:
              receiver: console
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: console
                webhook_configs:
                  - url: http://127.0.0.1:{{consolePort}}/api/alarms/alertmanager/lab
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials: {{Token}}
            """);
        _alertmanager = await ExternalServer.StartAsync("/usr/bin/prometheus-alertmanager",
            [$"--config.file={_dir}/alertmanager.yml", $"--storage.path={_dir}/am", $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address="],
            new Uri($"http://127.0.0.1:{amPort}/-/ready"));

        var promPort = AppProcess.FreeTcpPort();
        File.WriteAllText(Path.Combine(_dir, "rules.yml"), """
            groups:
              - name: daq
                rules:
                  - alert: EventBuilderStalled
                    expr: oc_eventbuilder_stalled > 0
                    for: 0s
                    labels:
                      severity: critical
                      area: daq
                    annotations:
                      summary: "Event builder {{ $labels.instance }} stalled"
                      runbook_url: https://wiki.example/eventbuilder
            """);
        File.WriteAllText(Path.Combine(_dir, "prometheus.yml"), $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [{{_dir}}/rules.yml]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{{amPort}}"]
            scrape_configs:
              - job_name: eventbuilder
                static_configs:
                  - targets: ["127.0.0.1:{{_metric.Port}}"]
            """);
        _prometheus = await ExternalServer.StartAsync("/usr/bin/prometheus",
            [$"--config.file={_dir}/prometheus.yml", $"--storage.tsdb.path={_dir}/tsdb", $"--web.listen-address=127.0.0.1:{promPort}"],
            new Uri($"http://127.0.0.1:{promPort}/-/ready"));
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_alertmanager is not null) await _alertmanager.DisposeAsync();
        _metric.Dispose();
        _factory.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Diagnosis() => $"prometheus:\n{_prometheus?.Log}\nalertmanager:\n{_alertmanager?.Log}";

    [Fact]
    public async Task A_firing_rule_becomes_an_alarm_with_its_labels_and_clears_when_the_metric_recovers()
    {
        var alarms = _factory.Services.GetRequiredService<LiveStore>().Alarms;
        Alarm? Find() => alarms.Snapshot().Alarms.FirstOrDefault(a => a.Key.StartsWith("am/lab/EventBuilderStalled/", StringComparison.Ordinal));

        try
        {
            await Poll.UntilAsync(() => Find() is { Active: true }, TimeSpan.FromSeconds(60), "the firing alert reaches the alarm list");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + Diagnosis(), ex);
        }
        var alarm = Find()!;
        Assert.Equal(("alertmanager", "EventBuilderStalled", AlarmSeverity.Critical), (alarm.Source, alarm.Rule, alarm.Severity));
        Assert.Equal("daq", alarm.Labels["area"]);
        Assert.Equal("eventbuilder", alarm.Labels["job"]);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_metric.Port}"), alarm.Labels["instance"]);
        Assert.Equal($"Event builder 127.0.0.1:{_metric.Port} stalled", alarm.Message);
        Assert.Equal("https://wiki.example/eventbuilder", alarm.Guidance);
        Assert.Contains(alarm.Links, l => l.Href.Contains("g0.expr=oc_eventbuilder_stalled", StringComparison.Ordinal));
        // Alertmanager's own fingerprint names the alarm.
        Assert.Matches("^am/lab/EventBuilderStalled/[0-9a-f]{16}$", alarm.Key);

        _metric.Value = 0;
        try
        {
            await Poll.UntilAsync(() => alarms.Find(alarm.Key) is { Active: false }, TimeSpan.FromSeconds(60), "the resolved alert clears the alarm");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + Diagnosis(), ex);
        }
        Assert.Equal(AlarmState.ReturnedUnacknowledged, alarms.Find(alarm.Key)!.State);
        var health = _factory.Services.GetRequiredService<LiveStore>().Collectors.Snapshot().Single(c => c.Name == "alarms/lab");
        Assert.True(health.Received >= 2, $"received {health.Received}");
        Assert.Equal(0, health.Malformed);
    }
}
