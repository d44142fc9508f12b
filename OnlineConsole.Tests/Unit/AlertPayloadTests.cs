using System.Text;
using OnlineConsole.Collectors.Alerting;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class AlertPayloadTests
{
    [Theory]
    [InlineData("critical", AlarmSeverity.Critical)]
    [InlineData("Major", AlarmSeverity.Major)]
    [InlineData("error", AlarmSeverity.Major)]
    [InlineData("minor", AlarmSeverity.Minor)]
    [InlineData("warning", AlarmSeverity.Warning)]
    [InlineData("info", AlarmSeverity.Warning)]
    [InlineData("page", AlarmSeverity.Minor)]
    [InlineData(null, AlarmSeverity.Minor)]
    public void The_severity_label_maps_to_the_consoles_severities(string? label, AlarmSeverity expected) =>
        Assert.Equal(expected, AlertSeverityNames.FromLabel(label));

    private static AlarmParseResult Parse(string alert) =>
        WebhookAlertParser.ParseAlertmanager(Encoding.UTF8.GetBytes($$"""{"version":"4","status":"firing","alerts":[{{alert}}]}"""), "lab");

    [Fact]
    public void Without_a_fingerprint_the_key_is_the_same_whatever_the_label_order()
    {
        var a = Parse("""{"status":"firing","labels":{"alertname":"A","x":"1","y":"2"}}""");
        var b = Parse("""{"status":"firing","labels":{"y":"2","alertname":"A","x":"1"}}""");
        var c = Parse("""{"status":"firing","labels":{"alertname":"A","x":"1","y":"3"}}""");
        Assert.Equal(a.Signals[0].Key, b.Signals[0].Key);
        Assert.NotEqual(a.Signals[0].Key, c.Signals[0].Key);
    }

    [Fact]
    public void A_long_description_is_cut_rather_than_refused_and_odd_times_are_reasons()
    {
        var ok = Parse($$"""{"status":"firing","labels":{"alertname":"A"},"annotations":{"description":"{{new string('d', 5000)}}"},"startsAt":"0001-01-01T00:00:00Z"}""");
        Assert.True(ok.Ok);
        Assert.Equal(AlarmSignal.MaxMessageLength, ok.Signals[0].Message.Length);
        Assert.Null(ok.Signals[0].At);

        var bad = Parse("""{"status":"firing","labels":{"alertname":"A","n":5},"startsAt":"yesterday"}""");
        Assert.Equal(["alerts[0].labels.n must be a string", "alerts[0].startsAt is not an RFC 3339 time ('yesterday')"], bad.Errors);
        Assert.Empty(bad.Signals);
    }

    [Fact]
    public void Plain_signals_refuse_links_a_browser_would_run_and_unknown_severities()
    {
        var result = PlainAlarmParser.Parse(Encoding.UTF8.GetBytes(
            """[{"key":"a","active":true,"severity":"major","message":"m","links":[{"title":"x","href":"javascript:alert(1)"}]},{"key":"b","active":true,"severity":"urgent","message":"m"}]"""), "s");
        Assert.Equal(["[0].links[0].href must be a console path (/...) or an http(s) address", "[1].severity must be critical, major, minor or warning (is 'urgent')"], result.Errors);
        Assert.Equal("invalid-signal", result.Reason);
    }
}
