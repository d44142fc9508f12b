using OnlineConsole.Components.Alarms;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class AlarmRowOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);

    private static AlarmRow Row(string key, AlarmSeverity severity, string text, int minutesAgo, int count = 1, long? run = null) =>
        new(new Alarm
        {
            Key = key, Source = "test", Rule = "r", Severity = severity, Message = text, Active = true,
            ActiveSince = T0.AddMinutes(-minutesAgo), Count = count, RunNumber = run,
        }, text, "Area");

    private static readonly AlarmRow[] Rows =
    [
        Row("a", AlarmSeverity.Minor, "b-text", 5, count: 3, run: 7),
        Row("b", AlarmSeverity.Critical, "a-text", 10, count: 1, run: 9),
        Row("c", AlarmSeverity.Critical, "C-text", 2, count: 2),
        Row("d", AlarmSeverity.Warning, "a-text", 1, count: 5, run: 8),
    ];

    private static string Keys(AlarmRow[] rows) => string.Concat(rows.Select(r => r.Alarm.Key));

    [Fact]
    public void Severity_descending_puts_the_worst_first_and_the_newest_of_equal_severity_first() =>
        Assert.Equal("cbad", Keys(AlarmRowOrder.Sort(Rows, AlarmSortColumn.Severity, descending: true)));

    [Fact]
    public void Messages_compare_ordinally_and_ties_fall_back_to_severity()
    {
        // Ordinal: upper case before lower case; "a-text" twice: the critical one first.
        Assert.Equal("cbda", Keys(AlarmRowOrder.Sort(Rows, AlarmSortColumn.Message, descending: false)));
        Assert.Equal("abdc", Keys(AlarmRowOrder.Sort(Rows, AlarmSortColumn.Message, descending: true)));
    }

    [Fact]
    public void Age_ascending_is_the_youngest_first()
    {
        Assert.Equal("dcab", Keys(AlarmRowOrder.Sort(Rows, AlarmSortColumn.Age, descending: false)));
        Assert.Equal("bacd", Keys(AlarmRowOrder.Sort(Rows, AlarmSortColumn.Age, descending: true)));
    }

    [Fact]
    public void Count_and_run_sort_by_number_with_no_run_as_zero()
    {
        Assert.Equal("dacb", Keys(AlarmRowOrder.Sort(Rows, AlarmSortColumn.Count, descending: true)));
        Assert.Equal("cadb", Keys(AlarmRowOrder.Sort(Rows, AlarmSortColumn.Run, descending: false)));
    }

    [Fact]
    public void The_input_is_left_as_it_was()
    {
        var rows = Rows.ToList();
        _ = AlarmRowOrder.Sort(rows, AlarmSortColumn.Message, descending: false);
        Assert.Equal("abcd", string.Concat(rows.Select(r => r.Alarm.Key)));
    }
}
