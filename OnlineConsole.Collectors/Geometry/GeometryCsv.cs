using System.Globalization;
using System.Text;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Text;

namespace OnlineConsole.Collectors.Geometry;

/// <summary>
/// Reads and writes channel maps: CSV, comma-separated, one header line, columns (any order)
/// channel, type (HPK | NNVT | SPMT), gcu, gcu_channel, x_mm, y_mm, z_mm. Lines starting with # are comments.
/// A read reports every defect it finds (up to <see cref="MaxProblems"/>), so a broken map is fixed in one pass.
/// </summary>
public static class GeometryCsv
{
    public static readonly string[] Columns = ["channel", "type", "gcu", "gcu_channel", "x_mm", "y_mm", "z_mm"];

    /// <summary>A map with a wrong column can produce an error per line; past this many the rest is noise.</summary>
    public const int MaxProblems = 50;

    /// <summary>Radius window (mm) a position must fall in: JUNO's PMTs sit on a ~19.5 m sphere.</summary>
    public static (float Min, float Max) RadiusWindowMm { get; } = (18_500f, 20_500f);

    /// <summary>Loads a file; errors carry its full path.</summary>
    public static List<ChannelInfo> Load(string path)
    {
        var full = Path.GetFullPath(path);
        using var reader = new StreamReader(full, Encoding.UTF8);
        return Parse(reader, full);
    }

    public static List<ChannelInfo> Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<GeometryProblem>();
        var truncated = false;
        void Report(int line, int column, string problem)
        {
            if (problems.Count < MaxProblems) problems.Add(new GeometryProblem(fileName, line, column, problem));
            else truncated = true;
        }

        var result = new List<ChannelInfo>();
        var firstLineOfChannel = new Dictionary<int, int>();
        var gcuLines = new Dictionary<(PmtType Kind, int Gcu), (int FirstLine, int Count, HashSet<int> Slots)>();
        int[]? map = null;
        var headerFields = 0;
        var rowsUsable = true;
        var lineNo = 0;
        while (!truncated && reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(',');
            if (map is null)
            {
                map = ParseHeader(fields, lineNo, Report, out rowsUsable);
                headerFields = fields.Length;
                continue;
            }
            // Without every column a row can not be read: the header problems say why.
            if (!rowsUsable) continue;
            if (fields.Length != headerFields)
            {
                Report(lineNo, Math.Min(fields.Length, headerFields) + 1, $"expected {headerFields} fields, found {fields.Length}.");
                continue;
            }
            var rowOk = true;
            string F(string col) => fields[map[Array.IndexOf(Columns, col)]];
            int Col(string col) => map[Array.IndexOf(Columns, col)] + 1;
            int Int(string col)
            {
                if (int.TryParse(F(col), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0) return v;
                Report(lineNo, Col(col), $"'{F(col)}' in column {col} is not a non-negative integer.");
                rowOk = false;
                return 0;
            }
            float Num(string col)
            {
                if (float.TryParse(F(col), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v)) return v;
                Report(lineNo, Col(col), $"'{F(col)}' in column {col} is not a number.");
                rowOk = false;
                return 0;
            }

            // Every field of a row is checked, so one line with three bad values gives three problems.
            var id = Int("channel");
            if (!PmtTypes.TryParse(F("type"), out var type))
            {
                Report(lineNo, Col("type"), $"unknown PMT type '{F("type")}' (expected HPK, NNVT or SPMT).");
                rowOk = false;
            }
            var gcu = Int("gcu");
            var slot = Int("gcu_channel");
            var (x, y, z) = (Num("x_mm"), Num("y_mm"), Num("z_mm"));
            if (!rowOk) continue;

            var c = new ChannelInfo(id, type, gcu, slot, x, y, z);
            if (c.Radius < RadiusWindowMm.Min || c.Radius > RadiusWindowMm.Max)
                Report(lineNo, Col("x_mm"), $"position of channel {id} is {c.Radius:0} mm from the centre, off the PMT sphere ({RadiusWindowMm.Min:0}..{RadiusWindowMm.Max:0} mm).");
            if (!firstLineOfChannel.TryAdd(id, lineNo))
            {
                Report(lineNo, Col("channel"), $"duplicate channel {id} (first on line {firstLineOfChannel[id]}).");
                continue;
            }
            var kind = type.IsLarge() ? PmtType.Mcp : PmtType.Small;
            var perGcu = kind == PmtType.Small ? GeometryGenerator.SpmtPerGcu : GeometryGenerator.LpmtPerGcu;
            if (slot >= perGcu)
            {
                Report(lineNo, Col("gcu_channel"), $"GCU channel {slot} out of range 0..{perGcu - 1}.");
                continue;
            }
            if (!gcuLines.TryGetValue((kind, gcu), out var g)) g = (lineNo, 0, []);
            if (!g.Slots.Add(slot))
            {
                Report(lineNo, Col("gcu_channel"), $"GCU {gcu} channel {slot} is used twice.");
                continue;
            }
            gcuLines[(kind, gcu)] = (g.FirstLine, g.Count + 1, g.Slots);
            result.Add(c);
        }
        if (map is null) Report(Math.Max(lineNo, 1), 1, "no header line.");
        else if (rowsUsable && !truncated)
        {
            // An SPMT box serves exactly 128 channels: a short or long box means a broken map.
            foreach (var ((kind, gcu), (first, count, _)) in gcuLines.OrderBy(g => g.Value.FirstLine))
            {
                if (kind == PmtType.Small && count != GeometryGenerator.SpmtPerGcu)
                    Report(first, map[Array.IndexOf(Columns, "gcu")] + 1, $"SPMT GCU {gcu} has {Plural.Of(count, "channel")}, expected exactly {GeometryGenerator.SpmtPerGcu}.");
            }
        }
        if (problems.Count > 0) throw new GeometryFormatException(problems, truncated);
        return result;
    }

    /// <summary>Maps each known column to its field index; reports every unknown, repeated or missing column.</summary>
    private static int[] ParseHeader(string[] fields, int lineNo, Action<int, int, string> report, out bool complete)
    {
        var map = new int[Columns.Length];
        Array.Fill(map, -1);
        for (var i = 0; i < fields.Length; i++)
        {
            var name = fields[i].Trim().ToLowerInvariant();
            var k = Array.IndexOf(Columns, name);
            if (k < 0) report(lineNo, i + 1, $"unknown column '{fields[i].Trim()}' (expected {string.Join(", ", Columns)}).");
            else if (map[k] >= 0) report(lineNo, i + 1, $"column '{name}' appears twice.");
            else map[k] = i;
        }
        var missing = Columns.Where((_, k) => map[k] < 0).ToList();
        if (missing.Count > 0) report(lineNo, fields.Length + 1, $"missing column(s): {string.Join(", ", missing)}.");
        complete = missing.Count == 0;
        return map;
    }

    public static void Write(TextWriter writer, IEnumerable<ChannelInfo> channels)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(channels);
        writer.WriteLine(string.Join(',', Columns));
        foreach (var c in channels)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Id},{c.Type.Code()},{c.Gcu},{c.GcuChannel},{c.X:0.0},{c.Y:0.0},{c.Z:0.0}"));
    }
}
