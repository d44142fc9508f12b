using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Services;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

public partial class Overview
{

    private RunStatus? _run;
    private SourceStamp? _runStamp;
    private Freshness _runFreshness;
    private DetectorSummary _summary = DetectorSummary.Empty;
    private Freshness _channelFreshness;
    private SourceStamp? _channelStamp;
    private IReadOnlyList<ServiceHealth> _services = [];
    private int _servicesUp;
    private OnlineConsole.Core.Network.NetworkSnapshot _network = OnlineConsole.Core.Network.NetworkSnapshot.Empty;
    private Freshness _networkFreshness;
    private IReadOnlyList<CollectorHealthSnapshot> _collectors = [];
    private DateTimeOffset _now;
    private AlarmCounts _alarmCounts = AlarmCounts.None;
    private IReadOnlyList<Alarm> _topAlarms = [];

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    protected override StoreArea Areas => StoreArea.All;

    // The overview is a summary: one render a second is plenty, whatever changes.
    protected override TimeSpan? BatchWindow => TimeSpan.FromSeconds(1);

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _now = Store.Time.GetUtcNow();
        (_run, _runStamp) = Store.Run.Snapshot();
        _runFreshness = Store.RunFreshness(_now);
        _summary = Store.Channels.Summary;
        _channelStamp = Store.Channels.Stamp;
        _channelFreshness = Store.ChannelFreshness(_now);
        _services = Store.Services.Snapshot();
        _servicesUp = _services.Count(s => s.State == ServiceState.Up && Store.ServiceFreshness(s, _now) == Freshness.Fresh);
        _network = Store.Network.Snapshot;
        _networkFreshness = Store.NetworkFreshness(_now);
        _collectors = Store.Collectors.Snapshot();
        var alarms = Store.Alarms.Snapshot();
        _alarmCounts = alarms.Counts;
        // Root causes first: what hangs from another alarm is not what to look at first.
        _topAlarms = [.. alarms.Alarms.Where(a => a.NeedsAcknowledgement && a.SuppressedBy is null).Take(5)];
    }

    // What the tiles show, as text: a new second of rates that leaves every count and rounded median as it was
    // renders nothing. Stamps matter only where a badge is not live (then it shows an age).
    protected override object? ViewKey
    {
        get
        {
            var key = new System.Text.StringBuilder();
            key.Append(_run).Append('|').Append(_runFreshness).Append('|').Append(_channelFreshness).Append('|').Append(_networkFreshness).Append('|');
            if (_runFreshness != Freshness.Fresh) key.Append(_runStamp).Append('|');
            if (_channelFreshness != Freshness.Fresh) key.Append(_channelStamp).Append('|');
            if (_networkFreshness != Freshness.Fresh) key.Append(_network.Devices.FirstOrDefault()?.Stamp).Append('|');
            foreach (var t in _summary.ByType) key.Append(t.Channels).Append(',').Append(t.Hot).Append(',').Append(t.Dead).Append(',').Append(t.Stale).Append(',').Append(FormatRate(t.MedianRate)).Append(';');
            key.Append('|').Append(_servicesUp).Append('/').Append(_services.Count).Append('|');
            foreach (var sv in _services.Where(sv => sv.State != ServiceState.Up || Store.ServiceFreshness(sv, _now) != Freshness.Fresh)) key.Append(sv.Name).Append(sv.State).Append(sv.Detail).Append(';');
            key.Append('|').Append(_network.Devices.Count).Append(',').Append(_network.PortsDown).Append(',').Append(_network.Unreachable).Append('|');
            foreach (var c in _collectors) key.Append(c.Name).Append(c.State).Append(';');
            key.Append('|').Append(_alarmCounts.Active).Append(',').Append(_alarmCounts.Unacknowledged).Append(',');
            foreach (var (s, n) in _alarmCounts.BySeverity) key.Append(s).Append(n);
            foreach (var (s, n) in _alarmCounts.UnacknowledgedBySeverity) key.Append(s).Append(n);
            foreach (var a in _topAlarms) key.Append(a.Key).Append(a.Activation).Append(a.Message).Append(';');
            return key.ToString();
        }
    }

    private static string FormatRate(double hz) =>
        double.IsNaN(hz) ? "—" : hz >= 1000 ? (hz / 1000).ToString("0.0", CultureInfo.CurrentCulture) + " kHz" : hz.ToString("0", CultureInfo.CurrentCulture) + " Hz";
}
