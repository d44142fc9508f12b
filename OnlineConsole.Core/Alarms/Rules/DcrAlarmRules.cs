using System.Globalization;
using OnlineConsole.Core.Detector;

namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>
/// Dark-count-rate alarms from the channel statuses of each frame: a channel dead, hot or out of range (per PMT
/// type, from the detector limits the statuses were computed with), and a GCU with many bad channels as one alarm
/// that its channels hang from. Only changes are returned, so a frame where nothing changed costs one pass over a
/// byte array.
/// </summary>
public sealed class DcrAlarmRules
{
    private readonly DetectorGeometry _geometry;
    private readonly byte[] _last;
    private readonly int[] _gcuOf;
    private readonly int[] _gcuIds;
    private readonly int[] _gcuSize;
    private readonly int[] _gcuBad;
    private readonly bool[] _gcuAlarmed;
    private readonly int _minBad;
    private readonly double _fraction;

    public DcrAlarmRules(DetectorGeometry geometry, int gcuMinBadChannels = 3, double gcuBadFraction = 0.25)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _geometry = geometry;
        _minBad = gcuMinBadChannels;
        _fraction = gcuBadFraction;
        _last = new byte[geometry.Count];
        Array.Fill(_last, (byte)ChannelStatus.Ok);
        _gcuOf = new int[geometry.Count];
        var dense = new Dictionary<int, int>();
        for (var i = 0; i < geometry.Count; i++)
        {
            var id = geometry.Channels[i].Gcu;
            if (!dense.TryGetValue(id, out var g)) dense[id] = g = dense.Count;
            _gcuOf[i] = g;
        }
        _gcuIds = new int[dense.Count];
        foreach (var (id, g) in dense) _gcuIds[g] = id;
        _gcuSize = new int[dense.Count];
        foreach (var g in _gcuOf) _gcuSize[g]++;
        _gcuBad = new int[dense.Count];
        _gcuAlarmed = new bool[dense.Count];
    }

    public static string ChannelKey(int channelId) => "dcr/channel/" + channelId.ToString(CultureInfo.InvariantCulture);
    public static string GcuKey(int gcu) => "dcr/gcu/" + gcu.ToString(CultureInfo.InvariantCulture);
    public static string ChannelSubject(int channelId) => "channel:" + channelId.ToString(CultureInfo.InvariantCulture);
    public static string GcuSubject(int gcu) => "gcu:" + gcu.ToString(CultureInfo.InvariantCulture);

    /// <summary>Bad channels needed before a GCU of <paramref name="size"/> channels is one alarm.</summary>
    public int GcuThreshold(int size) => Math.Max(_minBad, (int)Math.Ceiling(_fraction * size));

    /// <summary>The signals for what changed since the previous frame.</summary>
    public List<AlarmSignal> Evaluate(ReadOnlySpan<ChannelStatus> status)
    {
        var changes = new List<AlarmSignal>();
        var touchedGcus = new HashSet<int>();
        var n = Math.Min(status.Length, _last.Length);
        for (var i = 0; i < n; i++)
        {
            var now = Classify(status[i]);
            var before = (ChannelStatus)_last[i];
            if (now == before) continue;
            _last[i] = (byte)now;
            var g = _gcuOf[i];
            var wasBad = before != ChannelStatus.Ok;
            var isBad = now != ChannelStatus.Ok;
            if (wasBad != isBad)
            {
                _gcuBad[g] += isBad ? 1 : -1;
                touchedGcus.Add(g);
            }
            changes.Add(ChannelSignal(i, now));
        }
        foreach (var g in touchedGcus)
        {
            var alarmed = _gcuBad[g] >= GcuThreshold(_gcuSize[g]);
            if (!alarmed && !_gcuAlarmed[g]) continue;
            _gcuAlarmed[g] = alarmed;
            changes.Add(GcuSignal(g, alarmed));
        }
        return changes;
    }

    // Missing (never received) is the collector's alarm, not the channel's: it counts as fine here.
    private static ChannelStatus Classify(ChannelStatus s) => s is ChannelStatus.Dead or ChannelStatus.Hot or ChannelStatus.Low or ChannelStatus.High ? s : ChannelStatus.Ok;

    private AlarmSignal ChannelSignal(int index, ChannelStatus status)
    {
        var c = _geometry.Channels[index];
        var id = c.Id.ToString(CultureInfo.InvariantCulture);
        var gcu = c.Gcu.ToString(CultureInfo.InvariantCulture);
        var (severity, what) = status switch
        {
            ChannelStatus.Dead => (AlarmSeverity.Major, "dead"),
            ChannelStatus.Hot => (AlarmSeverity.Major, "hot"),
            ChannelStatus.High => (AlarmSeverity.Warning, "above its range"),
            ChannelStatus.Low => (AlarmSeverity.Warning, "below its range"),
            _ => (AlarmSeverity.Warning, "fine"),
        };
        return new AlarmSignal(ChannelKey(c.Id), status != ChannelStatus.Ok, severity, $"Channel {id} ({c.Type.Code()}, GCU {gcu}) {what}")
        {
            Source = BuiltInRules.Source,
            Rule = BuiltInRules.DcrChannel,
            Subject = ChannelSubject(c.Id),
            Labels = new Dictionary<string, string>
            {
                ["area"] = "detector", ["channel"] = id, ["pmt"] = c.Type.Code(), ["gcu"] = gcu,
                ["status"] = status.ToString().ToLowerInvariant(),
            },
            Links = [new AlarmLink("channel " + id, "detector?channel=" + id)],
        };
    }

    private AlarmSignal GcuSignal(int g, bool active)
    {
        var gcu = _gcuIds[g].ToString(CultureInfo.InvariantCulture);
        var bad = _gcuBad[g].ToString(CultureInfo.InvariantCulture);
        var size = _gcuSize[g].ToString(CultureInfo.InvariantCulture);
        return new AlarmSignal(GcuKey(_gcuIds[g]), active, AlarmSeverity.Major, $"GCU {gcu}: {bad} of {size} channels bad")
        {
            Source = BuiltInRules.Source,
            Rule = BuiltInRules.DcrGcu,
            Subject = GcuSubject(_gcuIds[g]),
            Labels = new Dictionary<string, string> { ["area"] = "detector", ["gcu"] = gcu, ["bad"] = bad, ["channels"] = size },
            Links = [new AlarmLink("GCU " + gcu, "detector")],
        };
    }
}
