using System.Text;
using OnlineConsole.Collectors.Syslog;

namespace OnlineConsole.Tests.Unit;

/// <summary>RFC 5424 and RFC 3164 as senders write them, and what is refused.</summary>
[Trait("Category", "Unit")]
public sealed class SyslogParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 6, 30, 0, TimeSpan.Zero);

    private static SyslogMessage Parse(string s, TimeZoneInfo? zone = null)
    {
        Assert.True(SyslogParser.TryParse(Encoding.UTF8.GetBytes(s), zone ?? TimeZoneInfo.Utc, Now, out var m, out var error), error);
        return m!;
    }

    private static string Refused(byte[] bytes)
    {
        Assert.False(SyslogParser.TryParse(bytes, TimeZoneInfo.Utc, Now, out var m, out var error));
        Assert.Null(m);
        return error;
    }

    [Fact]
    public void Rfc5424_with_structured_data_escapes_and_a_bom_is_read_whole()
    {
        var m = Parse("<165>1 2026-12-07T14:00:00.003+08:00 leaf07.daq evntslog 1234 ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"li]cation\"][x@1 a=\"b\"] \uFEFFAn application event\n");
        Assert.Equal((20, 5, "leaf07.daq", "evntslog", "1234", "ID47", 1), (m.Facility, m.Severity, m.Hostname, m.AppName, m.ProcId, m.MsgId, m.Version));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 0, 0, 3, TimeSpan.Zero), m.Time);
        Assert.Equal("[exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"li]cation\"][x@1 a=\"b\"]", m.StructuredData);
        Assert.Equal("An application event", m.Text);
    }

    [Fact]
    public void Rfc5424_nil_values_are_null_and_a_message_may_be_empty()
    {
        var m = Parse("<14>1 - - - - - -");
        Assert.Equal(((DateTimeOffset?)null, (string?)null, (string?)null, (string?)null, (string?)null, ""), (m.Time, m.Hostname, m.AppName, m.ProcId, m.StructuredData, m.Text));
    }

    [Fact]
    public void Rfc3164_with_hostname_tag_and_pid_takes_the_year_from_now_and_the_configured_zone()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var m = Parse("<38>Dec  7 14:29:59 leaf07 sshd[812]: Failed password for root from 10.9.9.9 port 22 ssh2", shanghai);
        Assert.Equal((4, 6, "leaf07", "sshd", "812", 0), (m.Facility, m.Severity, m.Hostname, m.AppName, m.ProcId, m.Version));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 29, 59, TimeSpan.Zero), m.Time);
        Assert.Equal("Failed password for root from 10.9.9.9 port 22 ssh2", m.Text);
    }

    [Fact]
    public void Rfc3164_of_december_received_in_january_is_last_years()
    {
        Assert.True(SyslogParser.TryParse("<13>Dec 31 23:59:59 sw1 x: y"u8, TimeZoneInfo.Utc, new DateTimeOffset(2027, 1, 1, 0, 0, 5, TimeSpan.Zero), out var m, out _));
        Assert.Equal(2026, m!.Time!.Value.Year);
    }

    [Fact]
    public void Rfc3164_without_hostname_or_time_keeps_the_tag_and_leaves_the_rest_to_the_receiver()
    {
        var noHost = Parse("<13>Dec  7 06:00:00 switchd: port swp3 down");
        Assert.Equal(((string?)null, "switchd", "port swp3 down"), (noHost.Hostname, noHost.AppName, noHost.Text));
        var bare = Parse("<13>just some text");
        Assert.Equal(((DateTimeOffset?)null, (string?)null, (string?)null, "just some text"), (bare.Time, bare.Hostname, bare.AppName, bare.Text));
    }

    [Fact]
    public void Rfc3164_with_an_rfc3339_time_as_rsyslog_forwards_it()
    {
        var m = Parse("<86>2026-12-07T06:00:01.5+00:00 leaf07 sudo: pam_unix(sudo:session): session opened");
        Assert.Equal((new DateTimeOffset(2026, 12, 7, 6, 0, 1, 500, TimeSpan.Zero), "leaf07", "sudo"), (m.Time!.Value, m.Hostname, m.AppName));
    }

    [Fact]
    public void Damaged_input_is_refused_with_the_reason()
    {
        Assert.Equal("empty", Refused([]));
        Assert.Equal("no <PRI> at the start", Refused("hello"u8.ToArray()));
        Assert.Contains("0 to 191", Refused("<192>1 - - - - - -"u8.ToArray()), StringComparison.Ordinal);
        Assert.Contains("0 to 191", Refused("<013>x"u8.ToArray()), StringComparison.Ordinal);
        Assert.Equal("not UTF-8", Refused([(byte)'<', (byte)'1', (byte)'>', 0xc3, 0x28]));
        Assert.Equal("truncated RFC 5424 header", Refused("<13>1 2026-12-07T06:00:00Z host"u8.ToArray()));
        Assert.Contains("not RFC 3339", Refused("<13>1 yesterday host app - - -"u8.ToArray()), StringComparison.Ordinal);
        Assert.Equal("STRUCTURED-DATA is not closed", Refused("<13>1 - h a - - [id k=\"v\" text"u8.ToArray()));
        Assert.Contains("neither", Refused("<13>1 - h a - - x text"u8.ToArray()), StringComparison.Ordinal);
    }
}
