using System.Text;
using OnlineConsole.Collectors.Messages;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;
using LogEntry = OnlineConsole.Core.Logs.LogEntry;

namespace OnlineConsole.Tests.Unit;

/// <summary>The LOG, METRIC and HISTOGRAM contract of docs/contracts.md: what is written is read back; anything else is refused with its reason.</summary>
[Trait("Category", "Unit")]
public sealed class DqMessageParserTests
{
    private static ReadOnlyMemory<byte> J(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Each_kind_written_by_the_writer_is_read_back_field_for_field()
    {
        var at = new DateTimeOffset(2026, 12, 7, 6, 0, 0, 125, TimeSpan.Zero);
        Assert.True(DqMessageParser.TryParseLog(DqMessageWriter.Log(new LogEntry(at, LogOrigin.Daq, LogSeverity.Warning, "hd012", "slow \"GCU\" 7") { Process = "L2.Trigger", Run = 5012 }), out var log, out var e1), e1);
        Assert.Equal((at, LogSeverity.Warning, "hd012", "L2.Trigger", "slow \"GCU\" 7", 5012L), (log!.Time, log.Severity, log.Host, log.Process, log.Text, log.Run));

        Assert.True(DqMessageParser.TryParseMetric(DqMessageWriter.Metric(new MetricSample("daq.event_rate", new Dictionary<string, string> { ["server"] = "hd012", ["stream"] = "a" }, 1003.25, at)), out var m, out var e2), e2);
        Assert.Equal(("daq.event_rate{server=hd012,stream=a}", 1003.25, at), (m!.SeriesKey, m.Value, m.Time));

        var h = new Histogram("trigger/nhit", 5012, [0, 0.5, 1.5], [3, 4.5], 9, 1, 0.5, at) { Title = "Fired PMTs", XLabel = "PMTs" };
        Assert.True(DqMessageParser.TryParseHistogram(DqMessageWriter.Histogram(h), out var back, out var e3), e3);
        Assert.Equal((h.Name, h.Run, h.Entries, h.Underflow, h.Overflow, h.Time, h.Title, h.XLabel), (back!.Name, back.Run, back.Entries, back.Underflow, back.Overflow, back.Time, back.Title, back.XLabel));
        Assert.Equal(h.Edges, back.Edges);
        Assert.Equal(h.Counts, back.Counts);
    }

    [Fact]
    public void A_log_in_the_contracts_example_form_is_read_with_the_level_mapped_and_the_run_optional()
    {
        Assert.True(DqMessageParser.TryParseLog(J("""{"time":"2026-12-07T14:00:00.125+08:00","host":"hd012","level":"fatal","text":"x","extra":[1,2]}"""), out var e, out var err), err);
        Assert.Equal((LogSeverity.Critical, (long?)null, (string?)null), (e!.Severity, e.Run, e.Process));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 0, 0, 125, TimeSpan.Zero), e.Time);
        Assert.Equal(TimeSpan.Zero, e.Time.Offset);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"host":"h","level":"INFO","text":"x"}""", "time is missing")]
    [InlineData("""{"time":"2026-12-07T06:00:00","host":"h","level":"INFO","text":"x"}""", "with an offset")]
    [InlineData("""{"time":"2026-12-07T06:00:00Z","level":"INFO","text":"x"}""", "host is missing")]
    [InlineData("""{"time":"2026-12-07T06:00:00Z","host":"h","level":"LOUD","text":"x"}""", "level 'LOUD'")]
    [InlineData("""{"time":"2026-12-07T06:00:00Z","host":"h","level":"INFO","text":7}""", "text is not a string")]
    [InlineData("""{"time":"2026-12-07T06:00:00Z","host":"h","level":"INFO","text":"x","run":-3}""", "run is not a non-negative integer")]
    [InlineData("""{"time":"2026-12-07T06:00:00Z","host":"","level":"INFO","text":"x"}""", "host is empty")]
    public void A_log_that_breaks_the_contract_is_refused_with_the_reason(string json, string reason)
    {
        Assert.False(DqMessageParser.TryParseLog(J(json), out var e, out var error));
        Assert.Null(e);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_longer_than_the_limit_is_refused_not_cut()
    {
        var json = "{\"time\":\"2026-12-07T06:00:00Z\",\"host\":\"h\",\"level\":\"INFO\",\"text\":\"" + new string('x', DqMessageParser.MaxTextLength + 1) + "\"}";
        Assert.False(DqMessageParser.TryParseLog(J(json), out _, out var error));
        Assert.Contains("longer than 16384", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"m","value":"1","time":"2026-12-07T06:00:00Z"}""", "value is missing or not a finite number")]
    [InlineData("""{"name":"m","value":1,"labels":{"a":1},"time":"2026-12-07T06:00:00Z"}""", "label 'a'")]
    [InlineData("""{"name":"m","value":1,"labels":[],"time":"2026-12-07T06:00:00Z"}""", "labels is not an object")]
    [InlineData("""{"value":1,"time":"2026-12-07T06:00:00Z"}""", "name is missing")]
    public void A_metric_that_breaks_the_contract_is_refused(string json, string reason)
    {
        Assert.False(DqMessageParser.TryParseMetric(J(json), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"h","run":1,"edges":[0,1],"counts":[1,2],"entries":3,"underflow":0,"overflow":0,"time":"2026-12-07T06:00:00Z"}""", "2 edges for 2 bins")]
    [InlineData("""{"name":"h","run":1,"edges":[0,2,1],"counts":[1,2],"entries":3,"underflow":0,"overflow":0,"time":"2026-12-07T06:00:00Z"}""", "edge 2 (1) is not above edge 1 (2)")]
    [InlineData("""{"name":"h","run":1,"edges":[0,1,2],"counts":[1,-2],"entries":3,"underflow":0,"overflow":0,"time":"2026-12-07T06:00:00Z"}""", "negative")]
    [InlineData("""{"name":"h","edges":[0,1,2],"counts":[1,2],"entries":3,"underflow":0,"overflow":0,"time":"2026-12-07T06:00:00Z"}""", "run is missing")]
    [InlineData("""{"name":"h","run":1,"edges":[0,1,2],"counts":[1,"x"],"entries":3,"underflow":0,"overflow":0,"time":"2026-12-07T06:00:00Z"}""", "counts[1] is not a finite number")]
    [InlineData("""{"name":"h","run":1,"edges":[0,1,2],"counts":[1,2],"underflow":0,"overflow":0,"time":"2026-12-07T06:00:00Z"}""", "entries is missing")]
    public void A_histogram_whose_bins_do_not_fit_is_refused(string json, string reason)
    {
        Assert.False(DqMessageParser.TryParseHistogram(J(json), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mean_and_rms_come_from_the_bin_centres()
    {
        var h = new Histogram("h", 1, [0, 2, 4], [1, 3], 4, 0, 0, DateTimeOffset.UnixEpoch);
        var (mean, rms) = h.Moments();
        Assert.Equal(2.5, mean, 9);
        Assert.Equal(Math.Sqrt(0.75), rms, 9);
        Assert.True(double.IsNaN(new Histogram("e", 1, [0, 1], [0], 0, 0, 0, DateTimeOffset.UnixEpoch).Moments().Mean));
    }
}
