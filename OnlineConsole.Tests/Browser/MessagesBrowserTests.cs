using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Playwright;
using OnlineConsole.Collectors.Messages;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Tests.Support;
using LogEntry = OnlineConsole.Core.Logs.LogEntry;

namespace OnlineConsole.Tests.Browser;

/// <summary>A Kafka peer (librdkafka's mock cluster) with the three data-quality topics, started before the console that consumes them.</summary>
public sealed class DqKafkaFixture : IDisposable
{
    public DqKafkaFixture()
    {
        foreach (var t in new[] { "dq.log", "dq.metric", "dq.histogram" }) Kafka.CreateTopic(t, partitions: 1, replication: 1);
        Producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, LingerMs = 0 }).Build();
    }

    public KafkaMockCluster Kafka { get; } = new(brokers: 1);
    public IProducer<Null, byte[]> Producer { get; }

    public void Produce(string topic, byte[] value)
    {
        Producer.Produce(topic, new Message<Null, byte[]> { Value = value });
        Producer.Flush(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        Producer.Dispose();
        Kafka.Dispose();
    }
}

/// <summary>
/// The log viewer and the histograms page of a console consuming real Kafka topics: a produced line is on screen
/// within a second, filters and pause work as a shifter uses them, and a newer histogram redraws the chart in place.
/// </summary>
[Trait("Category", "Browser")]
public sealed class MessagesBrowserTests(DqKafkaFixture dq) : AppAndBrowser([
        .. AppProcess.FastSimulatorArgs(), $"--KafkaMessages:BootstrapServers={dq.Kafka.BootstrapServers}", "--KafkaMessages:StartAt=earliest",
        "--KafkaMessages:GroupId=browser-" + Guid.NewGuid().ToString("N"),
        "--KafkaMessages:Topics:0:Name=dq.log", "--KafkaMessages:Topics:0:Kind=Log",
        "--KafkaMessages:Topics:1:Name=dq.metric", "--KafkaMessages:Topics:1:Kind=Metric",
        "--KafkaMessages:Topics:2:Name=dq.histogram", "--KafkaMessages:Topics:2:Kind=Histogram",
    ]), IClassFixture<DqKafkaFixture>
{
    private static byte[] Log(string text, LogSeverity level = LogSeverity.Info, string host = "hd012") =>
        DqMessageWriter.Log(new LogEntry(DateTimeOffset.UtcNow, LogOrigin.Daq, level, host, text) { Process = "DataFlow.EventBuilder", Run = 7001 });

    private static ILocator Line(IPage page, string text) => page.Locator("[data-testid=log-line]", new() { HasText = text });

    [Fact]
    public async Task A_line_produced_into_kafka_is_on_screen_within_a_second_and_filter_and_pause_work()
    {
        await App.AddUserAsync("sid", "shifter");
        var (page, errors) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "sid", path: "/logs");
        // The consumer is in its group and reading before the clock starts.
        await Poll.UntilAsync(async () =>
        {
            dq.Produce("dq.log", Log("warm-up"));
            return await Line(page, "warm-up").CountAsync() > 0;
        }, TimeSpan.FromSeconds(60), "the console consuming dq.log");
        // No simulated lines compete: real message clients replace the simulated ones.
        await Assertions.Expect(page.Locator("[data-testid=log-line]", new() { HasText = "heartbeat ok" })).ToHaveCountAsync(0);

        var sent = Stopwatch.StartNew();
        dq.Produce("dq.log", Log("fragment timeout from GCU 4211", LogSeverity.Error));
        await Assertions.Expect(Line(page, "fragment timeout from GCU 4211")).ToHaveCountAsync(1, new() { Timeout = 1_000 });
        var took = sent.Elapsed;
        Assert.True(took < TimeSpan.FromSeconds(1), $"{took.TotalMilliseconds:0} ms");
        await Assertions.Expect(Line(page, "fragment timeout from GCU 4211").Locator("[data-level=Error]")).ToContainTextAsync("ERROR");

        // Filter on text: only the matching line stays.
        dq.Produce("dq.log", Log("an unrelated heartbeat"));
        await Assertions.Expect(Line(page, "an unrelated heartbeat")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=log-text]").FillAsync("GCU 4211");
        await Assertions.Expect(Line(page, "an unrelated heartbeat")).ToHaveCountAsync(0);
        await Assertions.Expect(Line(page, "fragment timeout from GCU 4211")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=log-list]")).ToHaveAttributeAsync("data-count", "1");

        // Pause: new lines wait, counted; resume shows them all.
        await page.ClickAsync("[data-testid=log-pause]");
        dq.Produce("dq.log", Log("GCU 4211 second timeout"));
        await Assertions.Expect(page.Locator("[data-testid=log-paused]")).ToContainTextAsync("1 new lines");
        await Assertions.Expect(Line(page, "GCU 4211 second timeout")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=log-resume]");
        await Assertions.Expect(Line(page, "GCU 4211 second timeout")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=log-following]")).ToBeVisibleAsync();

        // A line's detail, with the host and where it came from.
        await Line(page, "fragment timeout from GCU 4211").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=log-detail]")).ToContainTextAsync("dq.log");
        await Assertions.Expect(page.Locator("[data-testid=log-detail-text]")).ToHaveTextAsync("fragment timeout from GCU 4211");

        // The CSV export carries the same filter.
        var href = await page.Locator("[data-testid=log-csv]").GetAttributeAsync("href");
        Assert.Contains("text=GCU%204211", href, StringComparison.Ordinal);
        var csv = await page.APIRequest.GetAsync(new Uri(App.BaseUri, href!).ToString());
        Assert.True(csv.Ok);
        var body = await csv.TextAsync();
        Assert.Equal(3, body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("fragment timeout from GCU 4211", body, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task A_newer_histogram_message_redraws_the_chart_in_place_with_its_reference()
    {
        var (page, errors) = await Browser.NewPageAsync(App.BaseUri);
        var at = DateTimeOffset.UtcNow;
        dq.Produce("dq.histogram", DqMessageWriter.Histogram(new Histogram("trigger/nhit", 7000, [0, 1, 2, 3], [5, 10, 5], 20, 0, 0, at.AddMinutes(-30)) { Title = "Fired PMTs" }));
        dq.Produce("dq.histogram", DqMessageWriter.Histogram(new Histogram("trigger/nhit", 7001, [0, 1, 2, 3], [1, 2, 1], 4, 0, 0, at) { Title = "Fired PMTs" }));
        await BrowserFixture.SignInAsync(page, AppProcess.AdminName, path: "/histograms?run=7001&name=trigger%2Fnhit");
        var chart = page.Locator("[data-testid=histo-chart]");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-version", "7001/1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=histo-reference]")).ToContainTextAsync("7000");
        await Assertions.Expect(page.Locator("[data-testid=histo-entries]")).ToHaveTextAsync("4");
        // Both traces drawn: the bars and the reference's steps.
        await Assertions.Expect(chart.Locator(".trace.bars")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator(".scatterlayer .trace")).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => { window.__samePage = true; }");

        dq.Produce("dq.histogram", DqMessageWriter.Histogram(new Histogram("trigger/nhit", 7001, [0, 1, 2, 3], [10, 20, 10], 40, 0, 0, at.AddMinutes(1)) { Title = "Fired PMTs" }));
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-version", "7001/2", new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("[data-testid=histo-entries]")).ToHaveTextAsync("40");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"));
        // The drawn bars are the new counts.
        var heights = await page.EvaluateAsync<double[]>("() => document.querySelector('[data-testid=histo-chart] .js-plotly-plot').data[0].y");
        Assert.Equal([10.0, 20, 10], heights);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
