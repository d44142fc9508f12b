using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

[Trait("Category", "Host")]
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-geo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_malformed_channel_map_stops_start_up_naming_file_line_and_column()
    {
        var bad = Path.Combine(_dir, "lpmt.csv");
        File.WriteAllText(bad, "channel,type,gcu,gcu_channel,x_mm,y_mm,z_mm\n1,NNVT,1,0,19500,0,0\n2,NNVT,1,1,19500,zero,0\n");
        using var factory = new ConsoleFactory(new() { ["Detector:Geometry:LargePmtFile"] = bad, ["Detector:Geometry:SmallPmtFile"] = "" });
        Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var critical = Assert.Single(factory.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
        var nl = Environment.NewLine;
        Assert.Equal($"Cannot start: Detector:Geometry:LargePmtFile: 1 problem in '{bad}':{nl}{bad}:3:6: 'zero' in column y_mm is not a number.",
            critical.Message);
    }

    [Fact]
    public void Invalid_options_are_all_listed_at_once()
    {
        using var factory = new ConsoleFactory(new()
        {
            ["Simulator:FrameInterval"] = "00:00:00.001",
            ["Simulator:Servers"] = "-3",
            ["Site:TimeZone"] = "Mars/Olympus",
        });
        var text = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains("Simulator:FrameInterval", text, StringComparison.Ordinal);
        Assert.Contains("Simulator:Servers", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Alarm_KPI_shifts_that_start_together_or_after_midnight_stop_start_up_naming_the_setting()
    {
        using var factory = new ConsoleFactory(new()
        {
            ["AlarmKpi:Shifts:0:Start"] = "06:00", ["AlarmKpi:Shifts:1:Start"] = "06:00", ["AlarmKpi:Shifts:2:Start"] = "1.02:00:00",
        });
        var text = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains("AlarmKpi:Shifts:2:Start must be between 00:00 and 23:59 (is 1.02:00:00).", text, StringComparison.Ordinal);
        Assert.Contains("AlarmKpi:Shifts: two shifts start at the same time.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Alarm_sources_with_a_short_token_or_an_unreadable_token_file_stop_start_up_without_showing_the_token()
    {
        using var factory = new ConsoleFactory(new()
        {
            ["Alarms:Sources:prom:Token"] = "short-secret",
            ["Alarms:Sources:graf:TokenFile"] = Path.Combine(_dir, "missing-token"),
            ["Alarms:Sources:bad name:Token"] = "a-long-enough-token-0123456789",
        });
        Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var critical = Assert.Single(factory.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical).Message;
        Assert.Contains("Alarms:Sources:prom:Token must be at least 16 characters.", critical, StringComparison.Ordinal);
        Assert.Contains($"Alarms:Sources:graf:TokenFile '{Path.Combine(_dir, "missing-token")}' cannot be read", critical, StringComparison.Ordinal);
        Assert.Contains("Alarms:Sources:bad name: the name must be", critical, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", critical, StringComparison.Ordinal);
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.ToString() : ex + Flatten(ex.InnerException);
}
