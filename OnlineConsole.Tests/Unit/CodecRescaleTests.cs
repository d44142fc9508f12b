using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Detector;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>A new baseline moves its type's one-byte scale: frames, history and the frame stream follow.</summary>
[Trait("Category", "Unit")]
public sealed class CodecRescaleTests
{
    private readonly ManualTimeProvider _time = new();

    private static DetectorLimitsOptions WithSmall(ChannelLimits small) => new() { Small = small };

    private static void WriteSeconds(ChannelArea area, ManualTimeProvider time, int seconds, float rate)
    {
        var rates = new float[area.Geometry.Count];
        for (var s = 0; s < seconds; s++)
        {
            Array.Fill(rates, rate);
            area.Write(0, rates, new SourceStamp("t", time.GetUtcNow()));
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void A_new_baseline_rescales_its_type_frames_and_history_and_leaves_the_others_alone()
    {
        var area = TestStores.Create(_time).Channels;
        WriteSeconds(area, _time, 70, 800f);
        var before = area.Codecs;
        var spmt = area.Geometry.LargeCount;
        Assert.Equal(RateCodec.ForBaseline(800), before[(int)PmtType.Small]);

        area.SetLimits(WithSmall(new ChannelLimits(Baseline: 1_600, Low: 200, High: 1_800, DeadBelow: 10, HotAbove: 4_000)));

        var after = area.Codecs;
        Assert.NotSame(before, after);
        Assert.Equal(RateCodec.ForBaseline(1_600), after[(int)PmtType.Small]);
        Assert.Equal(before[(int)PmtType.Dynode], after[(int)PmtType.Dynode]);
        var codes = new byte[area.Geometry.Count];
        var flags = new byte[area.Geometry.Count];
        var (_, _, used) = area.CopyFrame(codes, flags);
        Assert.Same(after, used);
        // 800 Hz sits lower on a scale centred on 1,600 Hz than on one centred on 800 Hz.
        Assert.Equal(after[(int)PmtType.Small].Encode(800f), codes[spmt]);
        Assert.NotEqual(before[(int)PmtType.Small].Encode(800f), codes[spmt]);
        Assert.Equal(before[(int)PmtType.Dynode].Encode(800f), codes[0]);

        // The stored hour and the recent median were rewritten: they still read 800 Hz, now in the new codes.
        var d = area.Detail(spmt);
        Assert.Equal(after[(int)PmtType.Small], d.Codec);
        // Transcoding goes through the old code's rate, so it may land one code off the direct encoding.
        Assert.InRange(d.Seconds[^2], after[(int)PmtType.Small].Encode(800f) - 1, after[(int)PmtType.Small].Encode(800f) + 1);
        Assert.InRange(d.Codec.Decode(d.Seconds[^10]), 800 * 0.97, 800 * 1.03);
        Assert.InRange(d.Codec.Decode(d.Minutes[^1]), 800 * 0.97, 800 * 1.03);
        Assert.InRange(d.RecentMedian, 800 * 0.97, 800 * 1.03);

        // Moving only a limit keeps the scale (and its array): nothing to rescale.
        area.SetLimits(WithSmall(new ChannelLimits(Baseline: 1_600, Low: 200, High: 1_800, DeadBelow: 10, HotAbove: 5_000)));
        Assert.Same(after, area.Codecs);
    }

    [Fact]
    public void After_a_rescale_the_frame_stream_sends_a_full_frame_only_in_the_new_codes()
    {
        var store = TestStores.Create(_time);
        var area = store.Channels;
        var source = new DcrFrameSource(store, _time);
        WriteSeconds(area, _time, 2, 800f);
        var first = source.Current();
        WriteSeconds(area, _time, 1, 810f);
        var second = source.Current();
        Assert.NotNull(second.Delta);
        Assert.Equal(first.Sequence, second.BaseSequence);
        Assert.Same(first.Codecs, second.Codecs);

        area.SetLimits(WithSmall(new ChannelLimits(Baseline: 400, Low: 200, High: 1_800, DeadBelow: 10, HotAbove: 4_000)));
        var rescaled = source.Current();
        Assert.Null(rescaled.Delta);
        Assert.NotSame(second.Codecs, rescaled.Codecs);
        Assert.Equal(RateCodec.ForBaseline(400), rescaled.Codecs[(int)PmtType.Small]);
        var decoded = DcrFrameCodec.Decode(rescaled.Full, null);
        Assert.Equal(rescaled.Codecs[(int)PmtType.Small].Encode(810f), decoded.Codes[area.Geometry.LargeCount]);

        // Deltas resume on the full frame.
        WriteSeconds(area, _time, 1, 820f);
        var next = source.Current();
        Assert.NotNull(next.Delta);
        Assert.Equal(rescaled.Sequence, next.BaseSequence);
        var applied = DcrFrameCodec.Decode(next.Delta, decoded.Codes);
        Assert.Equal(next.Codecs[(int)PmtType.Small].Encode(820f), applied.Codes[area.Geometry.LargeCount]);
    }
}
