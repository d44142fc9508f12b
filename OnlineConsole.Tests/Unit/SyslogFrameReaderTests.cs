using System.Text;
using OnlineConsole.Collectors.Syslog;

namespace OnlineConsole.Tests.Unit;

/// <summary>RFC 6587 framing over a stream that arrives in arbitrary pieces.</summary>
[Trait("Category", "Unit")]
public sealed class SyslogFrameReaderTests
{
    private static List<string> Feed(SyslogFrameReader r, string data, int piece)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        var frames = new List<string>();
        for (var i = 0; i < bytes.Length; i += piece)
            frames.AddRange(r.Feed(bytes.AsSpan(i, Math.Min(piece, bytes.Length - i))).Select(f => f.Error is { } e ? "!" + e : Encoding.UTF8.GetString(f.Payload)));
        return frames;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Octet_counted_and_lf_terminated_frames_mixed_are_split_whatever_the_pieces(int piece)
    {
        var r = new SyslogFrameReader(480);
        var frames = Feed(r, "11 <13>1 - - a\n<13>lf one\n<13>lf two\r\n5 <1>x\n", piece);
        Assert.Equal(["<13>1 - - a", "<13>lf one", "<13>lf two\r", "<1>x\n"], frames);
        Assert.Equal(0, r.Pending);
    }

    [Fact]
    public void An_oversized_octet_counted_frame_is_refused_once_and_skipped_to_its_end()
    {
        var r = new SyslogFrameReader(480);
        var frames = Feed(r, "2000 " + new string('y', 2000) + "6 <13>ok", 300);
        Assert.Equal(2, frames.Count);
        Assert.StartsWith("!a frame of 2000 bytes", frames[0], StringComparison.Ordinal);
        Assert.Equal("<13>ok", frames[1]);
    }

    [Fact]
    public void An_endless_line_is_refused_once_and_skipped_to_its_lf()
    {
        var r = new SyslogFrameReader(480);
        var frames = Feed(r, "<13>" + new string('z', 3000) + "\n<13>next\n", 100);
        Assert.Equal(2, frames.Count);
        Assert.StartsWith("!a line longer than", frames[0], StringComparison.Ordinal);
        Assert.Equal("<13>next", frames[1]);
    }

    [Fact]
    public void A_frame_cut_by_the_connection_closing_is_pending()
    {
        var r = new SyslogFrameReader(480);
        Assert.Empty(Feed(r, "30 <13>only part", 100));
        Assert.True(r.Pending > 0);
    }
}
