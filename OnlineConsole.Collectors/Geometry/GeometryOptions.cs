using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Geometry;

/// <summary>Where the channel maps are (section "Detector:Geometry"). Relative paths are from the app folder.</summary>
public sealed class GeometryOptions : IValidatableOptions
{
    public const string Section = "Detector:Geometry";

    public string LargePmtFile { get; set; } = "appsettings/juno/lpmt.csv";
    public string SmallPmtFile { get; set; } = "appsettings/juno/spmt.csv";

    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(LargePmtFile) && string.IsNullOrWhiteSpace(SmallPmtFile))
            yield return $"{Section}: at least one of LargePmtFile and SmallPmtFile must be set.";
        foreach (var (key, value) in new[] { ("LargePmtFile", LargePmtFile), ("SmallPmtFile", SmallPmtFile) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !File.Exists(Resolve(value)))
                yield return $"{Section}:{key}: file '{Resolve(value)}' does not exist.";
        }
    }

    /// <summary>
    /// Loads every configured file. Malformed files throw one <see cref="GeometryFormatException"/> listing all
    /// their defects, each file's under the setting that named it.
    /// </summary>
    public DetectorGeometry Load()
    {
        var channels = new List<ChannelInfo>();
        var failures = new List<GeometryFormatException>();
        foreach (var (key, file) in new[] { ("LargePmtFile", LargePmtFile), ("SmallPmtFile", SmallPmtFile) })
        {
            if (string.IsNullOrWhiteSpace(file)) continue;
            try { channels.AddRange(GeometryCsv.Load(Resolve(file))); }
            catch (GeometryFormatException ex) { failures.Add(ex.WithSetting($"{Section}:{key}")); }
        }
        if (failures.Count > 0) throw GeometryFormatException.Combine(failures);
        var dup = channels.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new GeometryFormatException($"{Section}: channel {dup.Key} appears in both LargePmtFile and SmallPmtFile.");
        return new DetectorGeometry(channels);
    }
}
