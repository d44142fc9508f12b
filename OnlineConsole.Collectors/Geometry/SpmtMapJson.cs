using System.Globalization;
using System.Text.Json;
using OnlineConsole.Core.Detector;

namespace OnlineConsole.Collectors.Geometry;

/// <summary>
/// The SPMT channel map as JSON keyed by GCU id, the form the 3D map and external tools read:
/// <code>{ "source": "spmt.csv", "channels": 25600, "gcus": { "9001": [ { "channel": 300000, "gcuChannel": 0,
///   "x": .., "y": .., "z": .., "theta": .., "phi": .. }, ... 128 entries by gcuChannel ], ... } }</code>
/// Built from a CSV validated by <see cref="GeometryCsv"/> (positions in mm, angles in degrees).
/// </summary>
public static class SpmtMapJson
{
    public static byte[] Build(IEnumerable<ChannelInfo> channels, string source)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var small = channels.Where(c => c.Type == PmtType.Small).ToList();
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("source", source);
            w.WriteNumber("channels", small.Count);
            w.WriteStartObject("gcus");
            foreach (var g in small.GroupBy(c => c.Gcu).OrderBy(g => g.Key))
            {
                w.WriteStartArray(g.Key.ToString(CultureInfo.InvariantCulture));
                foreach (var c in g.OrderBy(c => c.GcuChannel))
                {
                    w.WriteStartObject();
                    w.WriteNumber("channel", c.Id);
                    w.WriteNumber("gcuChannel", c.GcuChannel);
                    w.WriteNumber("x", Math.Round(c.X, 1));
                    w.WriteNumber("y", Math.Round(c.Y, 1));
                    w.WriteNumber("z", Math.Round(c.Z, 1));
                    w.WriteNumber("theta", Math.Round(c.ThetaDeg, 3));
                    w.WriteNumber("phi", Math.Round(c.PhiDeg, 3));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    /// <summary>Imports a CSV (validated: the exception names file, line and problem) into the JSON file.</summary>
    public static int Import(string csvPath, string jsonPath)
    {
        var channels = GeometryCsv.Load(csvPath);
        var json = Build(channels, Path.GetFileName(csvPath));
        File.WriteAllBytes(jsonPath, json);
        return channels.Count(c => c.Type == PmtType.Small);
    }

    /// <summary>Reads back the GCU ids and channel count per GCU (tests and tools).</summary>
    public static IReadOnlyDictionary<int, int> ChannelsPerGcu(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("gcus").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetArrayLength());
    }
}
