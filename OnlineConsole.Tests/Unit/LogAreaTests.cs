using OnlineConsole.Components.Logs;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Tests.Support;
using LogEntry = OnlineConsole.Core.Logs.LogEntry;

namespace OnlineConsole.Tests.Unit;

/// <summary>The log ring, the viewer's tail over it (filter, pause, resume, overwritten lines) and the export forms.</summary>
[Trait("Category", "Unit")]
public sealed class LogAreaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    private static LiveStore Store(int capacity) => TestStores.Create(TimeProvider.System, new StoreOptions { MaxLogEntries = capacity });

    private static LogEntry Line(int i, LogSeverity s = LogSeverity.Info, string host = "hd001") =>
        new(T0.AddSeconds(i), LogOrigin.Daq, s, host, "line " + i) { Process = "EB", Run = 5000 + (i % 2) };

    [Fact]
    public void The_ring_numbers_lines_keeps_the_newest_and_tells_a_reader_how_many_it_missed()
    {
        var store = Store(100);
        store.Logs.Append([.. Enumerable.Range(0, 250).Select(i => Line(i))]);
        Assert.Equal((100, 250L, 150L), (store.Logs.Count, store.Logs.LastSequence, store.Logs.Overwritten));
        var all = store.Logs.Since(0);
        Assert.Equal(("line 150", 151L, "line 249", 150L), (all.Entries[0].Text, all.Entries[0].Sequence, all.Entries[^1].Text, all.Missed));
        var tail = store.Logs.Since(240);
        Assert.Equal((10, 0L), (tail.Entries.Count, tail.Missed));
        var capped = store.Logs.Since(0, max: 5);
        Assert.Equal(("line 245", 245L), (capped.Entries[0].Text, capped.Missed));
        Assert.Empty(store.Logs.Since(250).Entries);
        Assert.Equal(["hd001"], store.Logs.Hosts().Select(h => h.Name));
        Assert.Equal(250, store.Logs.Hosts()[0].Lines);
    }

    [Fact]
    public void The_tail_follows_filtered_lines_stands_still_while_paused_and_on_resume_takes_every_line_since()
    {
        var store = Store(1000);
        var tail = new LogTail();
        tail.SetFilter(new LogFilter { MaxSeverity = LogSeverity.Warning }, store.Logs);
        store.Logs.Append([Line(1), Line(2, LogSeverity.Error), Line(3, LogSeverity.Warning)]);
        Assert.True(tail.Refresh(store.Logs));
        Assert.Equal(["line 2", "line 3"], tail.Lines.Select(l => l.Text));

        tail.Pause();
        store.Logs.Append([Line(4, LogSeverity.Error), Line(5)]);
        Assert.False(tail.Refresh(store.Logs));
        Assert.Equal(2, tail.Lines.Count);
        Assert.Equal(2, tail.Waiting);
        tail.Resume(store.Logs);
        Assert.Equal(["line 2", "line 3", "line 4"], tail.Lines.Select(l => l.Text));
        Assert.Equal((0L, 0L), (tail.Waiting, tail.Missed));
    }

    [Fact]
    public void Lines_the_ring_overwrote_during_a_pause_are_counted_as_missed_and_the_view_never_holds_more_than_the_ring()
    {
        var store = Store(100);
        var tail = new LogTail();
        tail.SetFilter(LogFilter.All, store.Logs);
        store.Logs.Append([.. Enumerable.Range(0, 50).Select(i => Line(i))]);
        tail.Refresh(store.Logs);
        tail.Pause();
        store.Logs.Append([.. Enumerable.Range(50, 200).Select(i => Line(i))]);
        tail.Resume(store.Logs);
        Assert.Equal(100, tail.Missed);
        Assert.Equal(100, tail.Lines.Count);
        Assert.Equal("line 150", tail.Lines[0].Text);
    }

    [Fact]
    public void Filters_combine_and_a_regex_that_does_not_compile_is_refused_with_its_reason()
    {
        var e = Line(7, LogSeverity.Error, "hd042") with { Device = "hd042" };
        Assert.True(new LogFilter { Text = "LINE 7", Host = "HD042", Run = 5001, MaxSeverity = LogSeverity.Error }.Compile().Matches(e));
        Assert.True(new LogFilter { Text = @"^line \d$", IsRegex = true }.Compile().Matches(e));
        Assert.False(new LogFilter { Origin = LogOrigin.Syslog }.Compile().Matches(e));
        Assert.False(new LogFilter { From = T0.AddSeconds(8) }.Compile().Matches(e));
        Assert.False(new LogFilter { MaxSeverity = LogSeverity.Critical }.Compile().Matches(e));
        Assert.False(new LogFilter { Device = "sw1" }.Compile().Matches(e));
        Assert.Throws<FormatException>(() => new LogFilter { Text = "(unclosed", IsRegex = true }.Compile());
        // Backreferences need backtracking: refused rather than risked.
        Assert.Throws<FormatException>(() => new LogFilter { Text = @"(a)\1", IsRegex = true }.Compile());
    }

    [Fact]
    public void The_filter_survives_the_trip_through_the_csv_address_and_lines_export_in_one_form()
    {
        var f = new LogFilter { Text = "a&b c", IsRegex = true, MaxSeverity = LogSeverity.Warning, Origin = LogOrigin.Syslog, Host = "h", Device = "d", Process = "p", Run = 7, From = T0, To = T0.AddHours(1) };
        var query = LogExport.Query(f);
        var parsed = System.Web.HttpUtility.ParseQueryString(query);
        Assert.Equal(f, LogExport.ParseQuery(k => parsed[k]));
        Assert.Equal("", LogExport.Query(LogFilter.All));
        Assert.Throws<FormatException>(() => LogExport.ParseQuery(k => k == "level" ? "LOUD" : null));
        Assert.Equal("2026-12-07T06:00:07.000Z ERROR hd042 EB [run 5001] line 7", LogExport.Line(Line(7, LogSeverity.Error, "hd042")));
        Assert.Equal(LogExport.CsvHeader.Length, LogExport.CsvRow(Line(1)).Length);
    }
}
