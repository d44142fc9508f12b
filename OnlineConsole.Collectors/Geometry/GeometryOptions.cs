using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    /// <summary>Loads every configured file; a malformed one throws <see cref="GeometryFormatException"/>.</summary>
    public DetectorGeometry Load()
    {
        var channels = new List<ChannelInfo>();
        foreach (var file in new[] { LargePmtFile, SmallPmtFile }.Where(f => !string.IsNullOrWhiteSpace(f)))
            channels.AddRange(GeometryCsv.Load(Resolve(file)));
        var dup = channels.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new GeometryFormatException($"Channel {dup.Key} appears in more than one channel-map file.");
        return new DetectorGeometry(channels);
    }
}

public static class GeometryRegistration
{
    public static IServiceCollection AddDetectorGeometry(this IServiceCollection services) =>
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GeometryOptions>>().Value.Load());
}
