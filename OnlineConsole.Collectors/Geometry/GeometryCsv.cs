using System.Globalization;
using System.Text;
using OnlineConsole.Core.Detector;

namespace OnlineConsole.Collectors.Geometry;

/// <summary>A channel-map file is wrong; names the file, line and column so it can be fixed.</summary>
public sealed class GeometryFormatException : Exception
{
    public GeometryFormatException(string file, int line, int column, string problem)
        : base($"{file}:{line}:{column}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public GeometryFormatException() { File = Problem = string.Empty; }
    public GeometryFormatException(string message) : base(message) { File = Problem = string.Empty; }
    public GeometryFormatException(string message, Exception inner) : base(message, inner) { File = Problem = string.Empty; }

    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Problem { get; }
}

/// <summary>
/// Reads and writes channel maps: CSV, comma-separated, one header line, columns (any order)
/// channel, type (HPK | NNVT | SPMT), gcu, gcu_channel, x_mm, y_mm, z_mm. Lines starting with # are comments.
/// </summary>
public static class GeometryCsv
{
    public static readonly string[] Columns = ["channel", "type", "gcu", "gcu_channel", "x_mm", "y_mm", "z_mm"];

    /// <summary>Radius window (mm) a position must fall in: JUNO's PMTs sit on a ~19.5 m sphere.</summary>
    public static (float Min, float Max) RadiusWindowMm { get; } = (18_500f, 20_500f);

    public static List<ChannelInfo> Load(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader, Path.GetFileName(path));
    }

    public static List<ChannelInfo> Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new List<ChannelInfo>();
        var firstLineOfChannel = new Dictionary<int, int>();
        var gcuLines = new Dictionary<(PmtType Kind, int Gcu), (int FirstLine, int Count, HashSet<int> Slots)>();
        int[]? map = null;
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(',');
            if (map is null)
            {
                map = ParseHeader(fields, fileName, lineNo);
                continue;
            }
            if (fields.Length != map.Length)
                throw new GeometryFormatException(fileName, lineNo, Math.Min(fields.Length, map.Length) + 1, $"expected {map.Length} fields, found {fields.Length}.");
            string F(string col) => fields[map[Array.IndexOf(Columns, col)]];
            int Col(string col) => map[Array.IndexOf(Columns, col)] + 1;
            int Int(string col) => int.TryParse(F(col), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? v : throw new GeometryFormatException(fileName, lineNo, Col(col), $"'{F(col)}' in column {col} is not a non-negative integer.");
            float Num(string col) => float.TryParse(F(col), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v)
                ? v : throw new GeometryFormatException(fileName, lineNo, Col(col), $"'{F(col)}' in column {col} is not a number.");

            var id = Int("channel");
            if (!PmtTypes.TryParse(F("type"), out var type))
                throw new GeometryFormatException(fileName, lineNo, Col("type"), $"unknown PMT type '{F("type")}' (expected HPK, NNVT or SPMT).");
            var gcu = Int("gcu");
            var slot = Int("gcu_channel");
            var c = new ChannelInfo(id, type, gcu, slot, Num("x_mm"), Num("y_mm"), Num("z_mm"));
            if (c.Radius < RadiusWindowMm.Min || c.Radius > RadiusWindowMm.Max)
                throw new GeometryFormatException(fileName, lineNo, Col("x_mm"), $"position of channel {id} is {c.Radius:0} mm from the centre, off the PMT sphere ({RadiusWindowMm.Min:0}..{RadiusWindowMm.Max:0} mm).");
            if (!firstLineOfChannel.TryAdd(id, lineNo))
                throw new GeometryFormatException(fileName, lineNo, Col("channel"), $"duplicate channel {id} (first on line {firstLineOfChannel[id]}).");
            var kind = type.IsLarge() ? PmtType.Mcp : PmtType.Small;
            var perGcu = kind == PmtType.Small ? GeometryGenerator.SpmtPerGcu : GeometryGenerator.LpmtPerGcu;
            if (slot >= perGcu)
                throw new GeometryFormatException(fileName, lineNo, Col("gcu_channel"), $"GCU channel {slot} out of range 0..{perGcu - 1}.");
            if (!gcuLines.TryGetValue((kind, gcu), out var g)) g = (lineNo, 0, []);
            if (!g.Slots.Add(slot))
                throw new GeometryFormatException(fileName, lineNo, Col("gcu_channel"), $"GCU {gcu} channel {slot} is used twice.");
            gcuLines[(kind, gcu)] = (g.FirstLine, g.Count + 1, g.Slots);
            result.Add(c);
        }
        if (map is null) throw new GeometryFormatException(fileName, Math.Max(lineNo, 1), 1, "no header line.");
        // An SPMT box serves exactly 128 channels: a short or long box means a broken map.
        foreach (var ((kind, gcu), (first, count, _)) in gcuLines)
        {
            if (kind == PmtType.Small && count != GeometryGenerator.SpmtPerGcu)
                throw new GeometryFormatException(fileName, first, map[2] + 1, $"SPMT GCU {gcu} has {count} channels, expected exactly {GeometryGenerator.SpmtPerGcu}.");
        }
        return result;
    }

    private static int[] ParseHeader(string[] fields, string fileName, int lineNo)
    {
        var map = new int[Columns.Length];
        Array.Fill(map, -1);
        for (var i = 0; i < fields.Length; i++)
        {
            var name = fields[i].Trim().ToLowerInvariant();
            var k = Array.IndexOf(Columns, name);
            if (k < 0) throw new GeometryFormatException(fileName, lineNo, i + 1, $"unknown column '{fields[i].Trim()}' (expected {string.Join(", ", Columns)}).");
            if (map[k] >= 0) throw new GeometryFormatException(fileName, lineNo, i + 1, $"column '{name}' appears twice.");
            map[k] = i;
        }
        var missing = Columns.Where((_, k) => map[k] < 0).ToList();
        if (missing.Count > 0) throw new GeometryFormatException(fileName, lineNo, fields.Length + 1, $"missing column(s): {string.Join(", ", missing)}.");
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
