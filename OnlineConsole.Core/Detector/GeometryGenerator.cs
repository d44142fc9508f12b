namespace OnlineConsole.Core.Detector;

/// <summary>
/// Builds a JUNO-like channel layout: PMTs in rings of constant polar angle on a sphere, HPK dynode PMTs mixed
/// among NNVT MCP-PMTs, one LPMT GCU per 3 PMTs, SPMT grouped in boxes of 128 channels along the rings.
/// Deterministic: the same arguments give the same layout.
/// </summary>
public static class GeometryGenerator
{
    public const int JunoLargeCount = 17_612;
    public const int JunoSmallCount = 25_600;
    public const int SpmtPerGcu = 128;
    public const int LpmtPerGcu = 3;
    public const int FirstSmallChannelId = 300_000;
    public const int FirstSmallGcuId = 9_001;
    public const float LargeRadiusMm = 19_500f;
    public const float SmallRadiusMm = 19_400f;

    public static List<ChannelInfo> Generate(int largeCount = JunoLargeCount, int smallCount = JunoSmallCount, int dynodeCount = 5_000, int seed = 1)
    {
        if (smallCount % SpmtPerGcu != 0) throw new ArgumentException($"SPMT count must be a multiple of {SpmtPerGcu}.", nameof(smallCount));
        var result = new List<ChannelInfo>(largeCount + smallCount);
        var rng = new Random(seed);
        var dynodes = new HashSet<int>(Enumerable.Range(0, largeCount).OrderBy(_ => rng.Next()).Take(Math.Min(dynodeCount, largeCount)));
        var i = 0;
        foreach (var (x, y, z) in Rings(largeCount, LargeRadiusMm, 0))
        {
            result.Add(new ChannelInfo(i, dynodes.Contains(i) ? PmtType.Dynode : PmtType.Mcp, 1 + (i / LpmtPerGcu), i % LpmtPerGcu, x, y, z));
            i++;
        }
        var j = 0;
        // Half a ring step of azimuth offset puts small PMTs in the gaps between large ones.
        foreach (var (x, y, z) in Rings(smallCount, SmallRadiusMm, 0.5))
        {
            result.Add(new ChannelInfo(FirstSmallChannelId + j, PmtType.Small, FirstSmallGcuId + (j / SpmtPerGcu), j % SpmtPerGcu, x, y, z));
            j++;
        }
        return result;
    }

    private static IEnumerable<(float X, float Y, float Z)> Rings(int n, float radius, double phaseOffset)
    {
        if (n == 0) yield break;
        var rings = Math.Max(1, (int)Math.Round(Math.Sqrt(n * Math.PI / 4)));
        var weights = Enumerable.Range(0, rings).Select(k => Math.Sin((k + 0.5) * Math.PI / rings)).ToArray();
        var total = weights.Sum();
        var counts = weights.Select(w => (int)Math.Floor(n * w / total)).ToArray();
        // Largest remainder so the ring counts add up to exactly n.
        var rest = n - counts.Sum();
        foreach (var k in Enumerable.Range(0, rings).OrderByDescending(k => (n * weights[k] / total) - counts[k]).Take(rest)) counts[k]++;
        for (var k = 0; k < rings; k++)
        {
            var theta = (k + 0.5) * Math.PI / rings;
            for (var m = 0; m < counts[k]; m++)
            {
                var phi = 2 * Math.PI * (m + phaseOffset + (k % 2 * 0.25)) / counts[k];
                yield return ((float)(radius * Math.Sin(theta) * Math.Cos(phi)), (float)(radius * Math.Sin(theta) * Math.Sin(phi)), (float)(radius * Math.Cos(theta)));
            }
        }
    }
}
