using OnlineConsole.Collectors.Geometry;
using OnlineConsole.Core.Detector;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class SpmtMapImportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-spmt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Shipped_SPMT_map_imports_into_200_GCUs_of_128_channels_keyed_by_GCU_id()
    {
        var output = new StringWriter();
        var json = Path.Combine(_dir, "spmt-map.json");
        var code = OnlineConsole.Cli.SpmtMap(["import", Path.Combine(TestStores.RepoRoot(), "appsettings/juno/spmt.csv"), "--out", json], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains("25600 SPMT channels", output.ToString(), StringComparison.Ordinal);
        var perGcu = SpmtMapJson.ChannelsPerGcu(File.ReadAllBytes(json));
        Assert.Equal(200, perGcu.Count);
        Assert.All(perGcu.Values, n => Assert.Equal(128, n));
        Assert.Contains(GeometryGenerator.FirstSmallGcuId, perGcu.Keys);
    }

    [Theory]
    [InlineData("duplicate", "duplicate channel")]
    [InlineData("short-gcu", "128")]
    [InlineData("off-sphere", "sphere")]
    [InlineData("unknown-column", "unknown column")]
    public void Bad_maps_are_refused_naming_the_line_and_the_problem(string kind, string problem)
    {
        var channels = GeometryGenerator.Generate(0, 256, 0);
        var csv = Path.Combine(_dir, kind + ".csv");
        using (var w = new StreamWriter(csv)) GeometryCsv.Write(w, kind == "short-gcu" ? channels.Take(255) : channels);
        var lines = File.ReadAllLines(csv).ToList();
        switch (kind)
        {
            case "duplicate": lines[5] = lines[4]; break;
            case "off-sphere":
                var f = lines[7].Split(',');
                (f[4], f[5], f[6]) = ("100", "100", "100");
                lines[7] = string.Join(',', f);
                break;
            case "unknown-column": lines[0] += ",colour"; for (var i = 1; i < lines.Count; i++) lines[i] += ",red"; break;
        }
        File.WriteAllLines(csv, lines);
        var error = new StringWriter();
        var json = Path.Combine(_dir, kind + ".json");
        Assert.Equal(1, OnlineConsole.Cli.SpmtMap(["import", csv, "--out", json], new StringWriter(), error));
        Assert.Matches($@"{kind}\.csv:\d+:\d+: ", error.ToString());
        Assert.Contains(problem, error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void Usage_is_printed_for_a_wrong_command_line()
    {
        var error = new StringWriter();
        Assert.Equal(2, OnlineConsole.Cli.SpmtMap(["import", "x.csv"], new StringWriter(), error));
        Assert.Contains("usage: spmt-map import", error.ToString(), StringComparison.Ordinal);
    }
}
