namespace DiagramsBench.Topology;

/// <summary>
/// The console's block layout (topology-core.js blockPositions), ported: every unit (a collapsed rack, an open
/// rack's members, a lone node) is a block of cells in a square-ish grid; units holding core switches make the
/// first row, centred; the others follow in name order. Blazor.Diagrams has no layout of its own.
/// </summary>
public static class BlockLayout
{
    public sealed record Unit(string Key, bool Core, IReadOnlyList<string> Ids);

    public static (Dictionary<string, (double X, double Y)> Positions, Dictionary<string, (double X, double Y)> Centres) Place(IEnumerable<Unit> units, double cellW = 70, double cellH = 54)
    {
        ArgumentNullException.ThrowIfNull(units);
        var positions = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        var centres = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        static (int Cols, int Rows) Size(Unit u)
        {
            var cols = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(u.Ids.Count)));
            return (cols, Math.Max(1, (int)Math.Ceiling(u.Ids.Count / (double)cols)));
        }
        var sorted = units.OrderBy(u => u.Core ? 0 : 1).ThenBy(u => u.Key, NaturalOrder.Instance).ToList();
        var cells = sorted.Sum(u => { var s = Size(u); return (s.Cols + 1) * (s.Rows + 1); });
        var width = Math.Max(4, (int)Math.Ceiling(Math.Sqrt(cells) * 1.6));
        var rows = new List<(bool Core, List<(Unit U, (int Cols, int Rows) S, int At)> Items, int Used, int Height)>();
        foreach (var u in sorted)
        {
            var s = Size(u);
            if (rows.Count == 0 || rows[^1].Core != u.Core || rows[^1].Used + s.Cols > width) rows.Add((u.Core, [], 0, 0));
            var r = rows[^1];
            r.Items.Add((u, s, r.Used));
            rows[^1] = (r.Core, r.Items, r.Used + s.Cols + 1, Math.Max(r.Height, s.Rows));
        }
        var y = 0;
        foreach (var r in rows)
        {
            var shift = r.Core ? Math.Max(0, (width - r.Used) / 2.0) : 0;
            foreach (var (u, s, at) in r.Items)
            {
                for (var i = 0; i < u.Ids.Count; i++) positions[u.Ids[i]] = ((shift + at + (i % s.Cols)) * cellW, (y + (i / s.Cols)) * cellH);
                centres[u.Key] = ((shift + at + (s.Cols - 1) / 2.0) * cellW, (y + (s.Rows - 1) / 2.0) * cellH);
            }
            y += r.Height + 1;
        }
        return (positions, centres);
    }
}
