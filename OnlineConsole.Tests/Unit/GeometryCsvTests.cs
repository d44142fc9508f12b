using OnlineConsole.Collectors.Geometry;
using OnlineConsole.Core.Detector;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class GeometryCsvTests
{
    private const string Header = "channel,type,gcu,gcu_channel,x_mm,y_mm,z_mm";

    private static List<ChannelInfo> Parse(string text) => GeometryCsv.Parse(new StringReader(text), "map.csv");

    private static GeometryFormatException Bad(string text) => Assert.Throws<GeometryFormatException>(() => Parse(text));

    [Fact]
    public void Shipped_JUNO_maps_load_with_the_full_channel_count()
    {
        var options = new GeometryOptions
        {
            LargePmtFile = Path.Combine(TestStores.RepoRoot(), "appsettings/juno/lpmt.csv"),
            SmallPmtFile = Path.Combine(TestStores.RepoRoot(), "appsettings/juno/spmt.csv"),
        };
        Assert.Empty(options.Validate());
        var g = options.Load();
        Assert.Equal(43_212, g.Count);
        Assert.Equal(17_612, g.LargeCount);
        Assert.Equal(5_000, g.CountByType[(int)PmtType.Dynode]);
        Assert.Equal(12_612, g.CountByType[(int)PmtType.Mcp]);
        Assert.Equal(25_600, g.CountByType[(int)PmtType.Small]);
        Assert.Equal(200, g.Channels.Where(c => c.Type == PmtType.Small).Select(c => c.Gcu).Distinct().Count());
        Assert.All(g.Channels, c => Assert.InRange(c.Radius, 19_300f, 19_600f));
    }

    [Fact]
    public void Written_maps_read_back_identically_and_columns_may_be_reordered()
    {
        var channels = GeometryGenerator.Generate(12, 128, 4, seed: 9);
        var w = new StringWriter();
        GeometryCsv.Write(w, channels);
        var back = Parse(w.ToString());
        Assert.Equal(channels.Count, back.Count);
        Assert.Equal(channels[5].Id, back[5].Id);
        Assert.Equal(channels[5].X, back[5].X, 0.1f);

        var reordered = Parse("# comment\nz_mm,y_mm,x_mm,gcu_channel,gcu,type,channel\n19500,0,0,0,1,NNVT,7\n");
        Assert.Equal(new ChannelInfo(7, PmtType.Mcp, 1, 0, 0, 0, 19_500), reordered.Single());
    }

    [Fact]
    public void Unknown_column_is_named_with_its_position() =>
        Assert.Equal("map.csv:1:8: unknown column 'voltage' (expected channel, type, gcu, gcu_channel, x_mm, y_mm, z_mm).",
            Bad(Header + ",voltage\n").Message);

    [Fact]
    public void Missing_column_is_named() =>
        Assert.Contains("missing column(s): z_mm", Bad("channel,type,gcu,gcu_channel,x_mm,y_mm\n").Message, StringComparison.Ordinal);

    [Fact]
    public void Non_number_names_line_and_column()
    {
        var ex = Bad($"{Header}\n1,NNVT,1,0,19500,0,0\n2,NNVT,1,1,abc,0,0\n");
        Assert.Equal((3, 5), (ex.Line, ex.Column));
        Assert.Contains("'abc' in column x_mm is not a number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_field_count() => Assert.Equal(2, Bad($"{Header}\n1,NNVT,1,0,19500,0\n").Line);

    [Fact]
    public void Unknown_pmt_type() => Assert.Contains("unknown PMT type 'XP2020'", Bad($"{Header}\n1,XP2020,1,0,19500,0,0\n").Message, StringComparison.Ordinal);

    [Fact]
    public void Duplicate_channel_names_both_lines()
    {
        var ex = Bad($"{Header}\n1,NNVT,1,0,19500,0,0\n1,NNVT,1,1,0,19500,0\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("duplicate channel 1 (first on line 2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Position_off_the_sphere()
    {
        var ex = Bad($"{Header}\n1,NNVT,1,0,1000,0,0\n");
        Assert.Contains("1000 mm from the centre, off the PMT sphere", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spmt_gcu_without_exactly_128_channels()
    {
        var channels = GeometryGenerator.Generate(0, 128, 0).Take(127);
        var w = new StringWriter();
        GeometryCsv.Write(w, channels);
        var ex = Bad(w.ToString());
        Assert.Contains("SPMT GCU 9001 has 127 channels, expected exactly 128", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Every_defect_of_a_file_is_reported_in_one_read_with_full_path_and_setting()
    {
        var dir = Directory.CreateTempSubdirectory("oc-geo-").FullName;
        try
        {
            var file = Path.Combine(dir, "lpmt.csv");
            File.WriteAllText(file, string.Join('\n',
                "channel,type,colour,gcu,gcu_channel,x_mm,y_mm,z_mm,voltage",
                "1,NNVT,red,1,0,19500,0,0,1500",
                "2,XP2020,red,1,1,abc,0,0,1500",
                "3,NNVT,red,1,2,19500,0",
                "1,HPK,red,2,0,0,19500,0,1500",
                "4,NNVT,red,-1,0,0,0,19500,1500") + "\n");
            var options = new GeometryOptions { LargePmtFile = file, SmallPmtFile = "" };
            var ex = Assert.Throws<GeometryFormatException>(() => options.Load());
            Assert.Equal("Detector:Geometry:LargePmtFile", ex.Setting);
            Assert.Equal(
            [
                $"{file}:1:3: unknown column 'colour' (expected channel, type, gcu, gcu_channel, x_mm, y_mm, z_mm).",
                $"{file}:1:9: unknown column 'voltage' (expected channel, type, gcu, gcu_channel, x_mm, y_mm, z_mm).",
                $"{file}:3:2: unknown PMT type 'XP2020' (expected HPK, NNVT or SPMT).",
                $"{file}:3:6: 'abc' in column x_mm is not a number.",
                $"{file}:4:8: expected 9 fields, found 7.",
                $"{file}:5:1: duplicate channel 1 (first on line 2).",
                $"{file}:6:4: '-1' in column gcu is not a non-negative integer.",
            ], ex.Problems.Select(p => p.ToString()));
            var lines = ex.Message.Split(Environment.NewLine);
            Assert.Equal($"Detector:Geometry:LargePmtFile: 7 problems in '{file}':", lines[0]);
            Assert.Equal(8, lines.Length);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Reports_stop_at_the_cap_and_say_so()
    {
        var rows = Enumerable.Range(1, 200).Select(i => $"{i},NNVT,1,0,nan?,0,0");
        var ex = Bad(Header + "\n" + string.Join('\n', rows) + "\n");
        Assert.Equal(GeometryCsv.MaxProblems, ex.Problems.Count);
        Assert.True(ex.Truncated);
        Assert.StartsWith($"more than {GeometryCsv.MaxProblems} problems in 'map.csv':", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(stopped after {GeometryCsv.MaxProblems} problems; fix these and check again)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_box_with_one_channel_says_1_channel()
    {
        var ex = Bad($"{Header}\n300000,SPMT,9001,0,19500,0,0\n");
        Assert.Equal("map.csv:2:3: SPMT GCU 9001 has 1 channel, expected exactly 128.", ex.Message);
    }

    [Fact]
    public void Gcu_slot_used_twice() =>
        Assert.Contains("GCU 1 channel 0 is used twice", Bad($"{Header}\n1,NNVT,1,0,19500,0,0\n2,HPK,1,0,0,19500,0\n").Message, StringComparison.Ordinal);

    [Fact]
    public void Missing_file_is_a_validation_error_naming_the_setting()
    {
        var errors = new GeometryOptions { LargePmtFile = "/nonexistent/l.csv", SmallPmtFile = "" }.Validate().ToList();
        Assert.Equal("Detector:Geometry:LargePmtFile: file '/nonexistent/l.csv' does not exist.", Assert.Single(errors));
    }

    [Fact]
    public void Generator_is_deterministic_and_gives_JUNO_counts()
    {
        var a = GeometryGenerator.Generate();
        var b = GeometryGenerator.Generate();
        Assert.Equal(a, b);
        Assert.Equal(43_212, a.Count);
        Assert.Equal(5_871, a.Where(c => c.Type.IsLarge()).Select(c => c.Gcu).Distinct().Count());
    }
}
