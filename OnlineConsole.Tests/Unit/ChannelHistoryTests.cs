using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ChannelHistoryTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Codec_round_trips_within_one_and_a_half_percent_and_marks_the_ends()
    {
        var codec = RateCodec.ForBaseline(800);
        Assert.Equal(RateCodec.NoValue, codec.Encode(float.NaN));
        Assert.Equal(RateCodec.AtFloor, codec.Encode(0));
        Assert.Equal(RateCodec.AtFloor, codec.Encode(8));
        Assert.Equal(RateCodec.AtCeiling, codec.Encode(1e6f));
        Assert.True(float.IsNaN(codec.Decode(0)));
        Assert.Equal(0f, codec.Decode(1));
        for (var rate = 8.5f; rate < 8000; rate *= 1.013f)
        {
            var back = codec.Decode(codec.Encode(rate));
            Assert.InRange(back / rate, 0.986, 1.014);
        }
        // Code 2 stands for (floor, floor x 1.028): it does not decode back to itself.
        for (var c = 3; c < 255; c++) Assert.Equal((byte)c, codec.Encode(codec.Decode((byte)c)));
    }

    [Fact]
    public void Memory_budget_for_JUNO_is_stated_and_held()
    {
        // 43,212 channels x (3600 + 1440 + 17) bytes.
        Assert.Equal(218_523_084L, ChannelHistory.BytesFor(43_212));
        var store = TestStores.Create(_time);
        Assert.Equal(ChannelHistory.BytesFor(158), store.Channels.HistoryBytes);
    }

    [Fact]
    public void Seconds_are_recorded_in_order_with_gaps_and_stale_channels_as_no_value()
    {
        var store = TestStores.Create(_time);
        var area = store.Channels;
        var n = area.Geometry.Count;
        var rates = new float[n];
        for (var s = 0; s < 5; s++)
        {
            Array.Fill(rates, 800f + (s * 100));
            area.Write(0, rates, new SourceStamp("t", _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromSeconds(s == 2 ? 2 : 1));
        }
        var spmt = area.Geometry.LargeCount;
        var d = area.Detail(spmt);
        var codec = area.Codecs[(int)PmtType.Small];
        var last = d.Seconds[^5..];
        Assert.Equal(codec.Encode(900), last[0]);
        Assert.Equal(codec.Encode(1000), last[1]);
        Assert.Equal(RateCodec.NoValue, last[2]);
        Assert.Equal(codec.Encode(1100), last[3]);
        Assert.Equal(codec.Encode(1200), last[4]);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds() - 1, d.LastSecond);

        // Silent for longer than the stale limit: the freshness tick records "no value", not the last rate.
        _time.Advance(TimeSpan.FromSeconds(5));
        area.CompleteFrame();
        d = area.Detail(spmt);
        Assert.Equal(RateCodec.NoValue, d.Seconds[^1]);
        Assert.True(d.Stale);
    }

    [Fact]
    public void Minutes_hold_the_mean_rate_of_their_seconds()
    {
        var store = TestStores.Create(_time);
        var area = store.Channels;
        var rates = new float[area.Geometry.Count];
        for (var s = 0; s < 61; s++)
        {
            Array.Fill(rates, s % 2 == 0 ? 600f : 1000f);
            area.Write(0, rates, new SourceStamp("t", _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var d = area.Detail(area.Geometry.LargeCount);
        var codec = area.Codecs[(int)PmtType.Small];
        Assert.Equal(codec.Encode(800), d.Minutes[^1]);
        Assert.Equal(RateCodec.NoValue, d.Minutes[^2]);
    }

    [Fact]
    public void Deviation_is_measured_from_the_channels_own_recent_median()
    {
        var store = TestStores.Create(_time);
        var area = store.Channels;
        var rates = new float[area.Geometry.Count];
        var spmt = area.Geometry.LargeCount;
        for (var s = 0; s < 30; s++)
        {
            Array.Fill(rates, 700f);
            rates[spmt + 1] = 1200f;
            area.Write(0, rates, new SourceStamp("t", _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        rates[spmt] = 1400f;
        area.Write(0, rates, new SourceStamp("t", _time.GetUtcNow()));
        var d = area.Detail(spmt);
        Assert.InRange(d.RecentMedian, 690f, 710f);
        Assert.InRange(d.Deviation, 0.97, 1.03);
        // A channel that is always high has its own median: no deviation.
        Assert.InRange(area.Detail(spmt + 1).Deviation, -0.02, 0.02);
    }

    [Fact]
    public void A_channel_toggling_dead_is_flapping_a_steadily_dead_one_is_not()
    {
        var store = TestStores.Create(_time);
        var area = store.Channels;
        var rates = new float[area.Geometry.Count];
        var spmt = area.Geometry.LargeCount;
        for (var s = 0; s < 12; s++)
        {
            Array.Fill(rates, 800f);
            rates[spmt] = s % 3 == 0 ? 0 : 800f;
            rates[spmt + 1] = 0;
            area.Write(0, rates, new SourceStamp("t", _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal([spmt], area.FlappingIndices());
        Assert.True(area.Detail(spmt).Flapping);
        Assert.Equal(1, area.Summary.For(PmtType.Small).Flapping);
        Assert.Equal(ChannelStatus.Dead, area.Detail(spmt + 1).Status);

        // Quiet for a minute: no longer flapping.
        for (var s = 0; s < ChannelHistory.FlapWindowSeconds; s++)
        {
            Array.Fill(rates, 800f);
            area.Write(0, rates, new SourceStamp("t", _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Empty(area.FlappingIndices());
    }
}

[Trait("Category", "Unit")]
public sealed class DcrFrameTests
{
    private static (byte[] Codes, byte[] Flags) Frame(int n, int seed)
    {
        var rng = new Random(seed);
        var codes = new byte[n];
        var flags = new byte[n];
        for (var i = 0; i < n; i++)
        {
            codes[i] = (byte)(120 + rng.Next(-3, 4));
            flags[i] = (byte)ChannelStatus.Ok;
        }
        flags[7] = (byte)ChannelStatus.Dead;
        flags[n - 1] = (byte)ChannelStatus.Hot | ChannelArea.FlagStale;
        flags[100] = (byte)ChannelStatus.Ok | ChannelArea.FlagFlapping;
        return (codes, flags);
    }

    [Fact]
    public void Full_and_dense_frames_round_trip_and_stay_small_at_JUNO_scale()
    {
        var codec = new DcrFrameCodec();
        var (c1, f1) = Frame(43_212, 1);
        var (full1, delta1, _) = codec.Encode(c1, f1, 1, 1000, 1001);
        Assert.Null(delta1);
        var d1 = DcrFrameCodec.Decode(full1, null);
        Assert.Equal(DcrFrameKind.Full, d1.Kind);
        Assert.Equal(c1, d1.Codes);
        Assert.Equal(3, d1.Exceptions.Count);
        Assert.Equal((byte)ChannelStatus.Dead, d1.Exceptions[7]);
        Assert.Equal((byte)((byte)ChannelStatus.Hot | ChannelArea.FlagStale), d1.Exceptions[43_211]);
        Assert.Equal(1000, d1.SourceUnixMs);

        // Every channel moves by counting noise: dense delta.
        var c2 = c1.Select((c, i) => (byte)(c + (i % 3) - 1)).ToArray();
        var (full2, delta2, baseSeq) = codec.Encode(c2, f1, 2, 2000, 2001);
        Assert.Equal(1u, baseSeq);
        var d2 = DcrFrameCodec.Decode(delta2!, d1.Codes);
        Assert.Equal(DcrFrameKind.Dense, d2.Kind);
        Assert.Equal(c2, d2.Codes);
        Assert.Equal(c2, DcrFrameCodec.Decode(full2, null).Codes);
        // 43,212 one-byte codes with small steps compress well below 40 KB.
        Assert.True(delta2!.Length < 20_000, $"dense delta is {delta2.Length} bytes");
        Assert.True(full2.Length < 40_000, $"full frame is {full2.Length} bytes");
    }

    [Fact]
    public void Few_changes_give_a_sparse_delta_of_a_few_bytes()
    {
        var codec = new DcrFrameCodec();
        var (c1, f1) = Frame(43_212, 2);
        codec.Encode(c1, f1, 10, 0, 0);
        var c2 = (byte[])c1.Clone();
        c2[0] = 1;
        c2[5000] = 255;
        c2[43_211] = 0;
        var (_, delta, _) = codec.Encode(c2, f1, 11, 0, 0);
        var d = DcrFrameCodec.Decode(delta!, c1);
        Assert.Equal(DcrFrameKind.Sparse, d.Kind);
        Assert.Equal(10u, d.BaseSequence);
        Assert.Equal(c2, d.Codes);
        Assert.True(delta!.Length < 120, $"sparse delta is {delta.Length} bytes");
    }

    [Fact]
    public void Malformed_frames_are_rejected_with_a_format_error()
    {
        Assert.Throws<FormatException>(() => DcrFrameCodec.Decode(new byte[10], null));
        var codec = new DcrFrameCodec();
        var (c, f) = Frame(500, 3);
        codec.Encode(c, f, 1, 0, 0);
        var (_, delta, _) = codec.Encode(c, f, 2, 0, 0);
        Assert.Throws<FormatException>(() => DcrFrameCodec.Decode(delta!, null));
        Assert.Throws<FormatException>(() => DcrFrameCodec.Decode(delta!, new byte[499]));
    }

    /// <summary>The JS decoder's tests read these files; this test makes sure they are what the C# codec writes and reads.</summary>
    [Fact]
    public void Fixture_frames_for_the_JS_decoder_decode_to_the_documented_values()
    {
        var dir = Path.Combine(TestStores.RepoRoot(), "wwwroot-assets", "test", "fixtures");
        var full = Path.Combine(dir, "frame-full.bin");
        var sparse = Path.Combine(dir, "frame-sparse.bin");
        var dense = Path.Combine(dir, "frame-dense.bin");
        if (Environment.GetEnvironmentVariable("WRITE_FIXTURES") == "1")
        {
            var codec = new DcrFrameCodec();
            var codes = Enumerable.Range(0, 300).Select(i => (byte)(i % 256)).ToArray();
            var flags = Enumerable.Repeat((byte)ChannelStatus.Ok, 300).ToArray();
            flags[3] = (byte)ChannelStatus.Dead;
            flags[299] = (byte)ChannelStatus.Hot | ChannelArea.FlagStale | ChannelArea.FlagFlapping;
            File.WriteAllBytes(full, codec.Encode(codes, flags, 7, 1_700_000_000_000, 1_700_000_000_250).Full);
            codes[10] = 200;
            File.WriteAllBytes(sparse, codec.Encode(codes, flags, 8, 1_700_000_001_000, 1_700_000_001_250).Delta!);
            var denseCodes = codes.Select(c => (byte)(c + 1)).ToArray();
            File.WriteAllBytes(dense, codec.Encode(denseCodes, flags, 9, 1_700_000_002_000, 1_700_000_002_250).Delta!);
        }
        var f = DcrFrameCodec.Decode(File.ReadAllBytes(full), null);
        Assert.Equal(7u, f.Sequence);
        Assert.Equal((byte)44, f.Codes[300 - 256]);
        Assert.Equal(1_700_000_000_000, f.SourceUnixMs);
        Assert.Equal((byte)ChannelStatus.Dead, f.Exceptions[3]);
        Assert.Equal(0x1D, f.Exceptions[299]);
        var s = DcrFrameCodec.Decode(File.ReadAllBytes(sparse), f.Codes);
        Assert.Equal(DcrFrameKind.Sparse, s.Kind);
        Assert.Equal((byte)200, s.Codes[10]);
        var d = DcrFrameCodec.Decode(File.ReadAllBytes(dense), s.Codes);
        Assert.Equal(DcrFrameKind.Dense, d.Kind);
        Assert.Equal((byte)201, d.Codes[10]);
        Assert.Equal((byte)0, d.Codes[255]);
    }
}
