using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Tests.Support;

public static class TestStores
{
    /// <summary>A small detector: 30 LPMT (9 dynode) and one SPMT GCU of 128.</summary>
    public static DetectorGeometry SmallGeometry() => new(GeometryGenerator.Generate(30, 128, 9, seed: 3));

    public static LiveStore Create(TimeProvider time, StoreOptions? options = null, DetectorGeometry? geometry = null) =>
        new(time, options ?? new StoreOptions(), geometry ?? SmallGeometry(), new DetectorLimitsOptions(), AreaIntervals.Default);

    /// <summary>The repository root (the folder with the solution file).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OnlineConsole.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
