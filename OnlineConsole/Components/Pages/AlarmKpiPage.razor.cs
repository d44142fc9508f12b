using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OnlineConsole.AlarmReports;
using OnlineConsole.Components.Alarms;
using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Core.Live;
using OnlineConsole.Hosting;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

public partial class AlarmKpiPage
{
    private AlarmKpiReport _report = null!;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required AlarmKpiSource Kpis { get; init; }
    [Inject] public required IOptions<SiteOptions> Site { get; init; }

    protected override StoreArea Areas => StoreArea.Alarms;

    // Figures over 24 h: a recomputation every 10 s at most is plenty, however busy the alarms are.
    protected override TimeSpan? BatchWindow => TimeSpan.FromSeconds(10);

    private string ZoneLabel => Site.Value.TimeZone == "Asia/Shanghai" ? L["BeijingTime"] : Site.Value.TimeZone;

    private string ChatterWindow => Duration(Store.Alarms.Options.ChatterWindow);

    protected override void ReadSnapshot(ChangeBatch? batch) => _report = Kpis.Report();

    /// <summary>One line of the summary: a figure against its target; <c>Met</c> null when too few activations to judge.</summary>
    private sealed record KpiRow(string Id, string Label, string Value, string Target, bool? Met);

    private IEnumerable<KpiRow> Summary()
    {
        var r = _report;
        yield return new("activations", L["Kpi.Activations"], r.Activations.ToString("N0", CultureInfo.CurrentCulture), L["Kpi.Target.Day"], r.Activations <= 300);
        yield return new("per-hour", L["Kpi.PerHour"], Rate(r.PerHour), L["Kpi.Target.Hour"], r.PerHour <= 12);
        yield return new("per-10-minutes", L["Kpi.Per10Minutes"], Rate(r.Per10Minutes), L["Kpi.Target.TenMinutes"], r.Per10Minutes <= 2);
        yield return new("peak-10-minutes", L["Kpi.Peak10"], r.Peak10Minutes.ToString(CultureInfo.CurrentCulture), L["Kpi.Target.Peak"], r.Peak10Minutes <= AlarmKpiCalculator.FloodThreshold);
        yield return new("flood-periods", L["Kpi.InFlood"], Percent(r.PercentTenMinutesInFlood), L["Kpi.Target.Flood"], r.PercentTenMinutesInFlood < 1);
        yield return new("top-share", L["Kpi.TopShare"], Percent(r.TopKeysShare), L["Kpi.Target.Top"], r.Activations < 100 ? null : r.TopKeysShare <= 5);
        yield return new("chattering", L["Kpi.ChatteringTitle"], r.Chattering.Count.ToString(CultureInfo.CurrentCulture), L["Kpi.Target.Chattering"], r.Chattering.Count == 0);
        yield return new("stale", L["Kpi.StaleTitle"], r.Stale.Count.ToString(CultureInfo.CurrentCulture), L["Kpi.Target.Stale"], r.Stale.Count < 5);
    }

    private string MessageOf(string key, string message) => Store.Alarms.Find(key) is { } a ? AlarmText.Message(L, a) : message;

    private string StatusClass(bool? met) => met switch { true => "kpi-met", false => "kpi-missed", _ => "kpi-unjudged" };

    private string StatusText(bool? met) => met switch { true => L["Kpi.Met"], false => L["Kpi.Missed"], _ => L["Kpi.Unjudged"] };

    private static string StatusIcon(bool? met) => met switch
    {
        true => MudBlazor.Icons.Material.Filled.CheckCircle,
        false => MudBlazor.Icons.Material.Filled.Warning,
        _ => MudBlazor.Icons.Material.Filled.HelpOutline,
    };

    /// <summary>Short site time for the shift table (the window is one day).</summary>
    private string Short(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, Kpis.Zone).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Rate(double v) => v.ToString(v < 10 ? "0.##" : "0.#", CultureInfo.CurrentCulture);

    private static string Percent(double v) => v.ToString("0.#", CultureInfo.CurrentCulture) + " %";

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes:00} min")
        : t.TotalMinutes >= 1 && t.Seconds == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min")
        : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds:00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalSeconds} s");
}
