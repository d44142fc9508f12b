using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using OnlineConsole.Components.Live;
using OnlineConsole.Components.Logs;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Hosting;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The one log viewer for DAQ LOG messages and syslog: live tail (newest first) with pause and resume, filters,
/// a line's detail, copy and CSV export of the filtered lines. Page -> <see cref="LogTail"/> -> the store's log
/// ring -> the Kafka and syslog collectors (or the simulator).
/// </summary>
public partial class LogsPage
{
    private const int RowHeight = 30;
    private const int CopyLimit = 5_000;
    private static readonly LogSeverity[] Levels = Enum.GetValues<LogSeverity>();
    private static readonly string[] Ranges = ["all", "15m", "1h", "6h", "custom"];

    private readonly LogTail _tail;
    private readonly NewestFirst<LogEntry> _newestFirst;
    private LogEntry? _selected;
    private string? _text;
    private bool _regex;
    private LogSeverity _maxSeverity = LogSeverity.Debug;
    private LogOrigin? _origin;
    private string? _host, _device, _process;
    private long? _run;
    private string _range = "all";
    private string? _from, _to;
    private string? _filterError;
    private string? _copied;
    private long _version;
    private IReadOnlyList<string> _feeding = [];

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required IJSRuntime Js { get; init; }
    [Inject] public required IOptions<SiteOptions> Site { get; init; }

    [SupplyParameterFromQuery(Name = "host")] public string? QueryHost { get; set; }
    [SupplyParameterFromQuery(Name = "device")] public string? QueryDevice { get; set; }
    [SupplyParameterFromQuery(Name = "process")] public string? QueryProcess { get; set; }
    [SupplyParameterFromQuery(Name = "run")] public long? QueryRun { get; set; }
    [SupplyParameterFromQuery(Name = "text")] public string? QueryText { get; set; }
    [SupplyParameterFromQuery(Name = "level")] public string? QueryLevel { get; set; }

    protected override StoreArea Areas => StoreArea.Logs | StoreArea.Collectors;

    // A flood changes every visible row on each batch: four updates a second are readable, ten only cost the browser.
    protected override TimeSpan? BatchWindow => TimeSpan.FromMilliseconds(250);

    protected override object? ViewKey => (_version, _tail.Paused, _tail.Waiting, _tail.Missed, string.Join("|", _feeding));

    protected override void OnInitialized()
    {
        // Jumps from the topology, Services or an alarm arrive with their filter in the address.
        _host = QueryHost;
        _device = QueryDevice;
        _process = QueryProcess;
        _run = QueryRun;
        _text = QueryText;
        if (Enum.TryParse<LogSeverity>(QueryLevel, true, out var level)) _maxSeverity = level;
        ApplyFilter();
        base.OnInitialized();
    }

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _feeding = [.. Store.Collectors.Snapshot().Where(c => c.Source is "kafka-messages" or "syslog" && c.State == Core.Collectors.CollectorState.Retrying).Select(c => c.Name)];
        if (batch is null) return;
        if (_tail.Refresh(Store.Logs)) Changed();
    }

    public LogsPage()
    {
        _tail = new LogTail();
        _newestFirst = new NewestFirst<LogEntry>(_tail.Lines);
    }

    private void Changed() => _version++;

    private LogFilter BuildFilter()
    {
        var now = Store.Time.GetUtcNow();
        DateTimeOffset? from = _range switch
        {
            "15m" => now.AddMinutes(-15),
            "1h" => now.AddHours(-1),
            "6h" => now.AddHours(-6),
            "custom" => ParseUtc(_from, "Log.FromUtc"),
            _ => null,
        };
        var to = _range == "custom" ? ParseUtc(_to, "Log.ToUtc") : null;
        return new LogFilter
        {
            Text = string.IsNullOrEmpty(_text) ? null : _text,
            IsRegex = _regex,
            MaxSeverity = _maxSeverity,
            Origin = _origin,
            Host = _host,
            Device = _device,
            Process = _process,
            Run = _run,
            From = from,
            To = to,
        };
    }

    private DateTimeOffset? ParseUtc(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return new DateTimeOffset(t, TimeSpan.Zero);
        throw new FormatException(L["Log.BadTime", L[field], text]);
    }

    private void ApplyFilter()
    {
        try
        {
            _tail.SetFilter(BuildFilter(), Store.Logs);
            _filterError = null;
        }
        catch (FormatException ex)
        {
            _filterError = ex.Message;
        }
        _selected = null;
        Changed();
    }

    private void OnTextChanged(string? v) { _text = v; ApplyFilter(); }
    private void OnRegexChanged(bool v) { _regex = v; ApplyFilter(); }
    private void OnLevelChanged(LogSeverity v) { _maxSeverity = v; ApplyFilter(); }
    private void OnOriginChanged(LogOrigin? v) { _origin = v; ApplyFilter(); }
    private void OnRunChanged(long? v) { _run = v; ApplyFilter(); }
    private void OnRangeChanged(string v) { _range = v; ApplyFilter(); }
    private void OnFromChanged(string? v) { _from = v; ApplyFilter(); }
    private void OnToChanged(string? v) { _to = v; ApplyFilter(); }

    private void OnNameChanged(ref string? field, string? value)
    {
        field = string.IsNullOrWhiteSpace(value) ? null : value;
        ApplyFilter();
    }

    private void OnlyHost(string host)
    {
        _host = host;
        ApplyFilter();
    }

    private Task<IEnumerable<string>> SearchHosts(string? text, CancellationToken ct) => Search(Store.Logs.Hosts(), text);
    private Task<IEnumerable<string>> SearchDevices(string? text, CancellationToken ct) => Search(Store.Logs.Devices(), text);
    private Task<IEnumerable<string>> SearchProcesses(string? text, CancellationToken ct) => Search(Store.Logs.Processes(), text);

    private static Task<IEnumerable<string>> Search(IReadOnlyList<LogName> names, string? text) =>
        Task.FromResult(names.Where(n => string.IsNullOrEmpty(text) || n.Name.Contains(text, StringComparison.OrdinalIgnoreCase)).Take(50).Select(n => n.Name));

    private void Pause()
    {
        _tail.Pause();
        Changed();
    }

    private void Resume()
    {
        _tail.Resume(Store.Logs);
        Changed();
    }

    private void Select(LogEntry? e)
    {
        _selected = e;
        _version++;
    }

    private void OnRowKey(KeyboardEventArgs k, LogEntry e)
    {
        if (k.Key is "Enter" or " ") Select(e);
    }

    private string CsvUrl => LogExport.CsvPath + LogExport.Query(_tail.Filter);

    private Task CopyShownAsync()
    {
        var lines = _tail.Lines;
        var shown = lines.Skip(Math.Max(0, lines.Count - CopyLimit));
        return CopyAsync(string.Join("\n", shown.Select(LogExport.Line)), Math.Min(lines.Count, CopyLimit));
    }

    private async Task CopyAsync(string text, int count)
    {
        bool ok;
        try
        {
            ok = await Js.InvokeAsync<bool>("onlineConsole.copyText", text);
        }
        catch (JSException)
        {
            ok = false;
        }
        _copied = ok ? L["Log.Copied", count] : L["Log.CopyFailed"];
        _version++;
    }

    private string SiteLabel => L["Log.SiteTime", Site.Value.TimeZone];

    private string SiteTime(DateTimeOffset t)
    {
        try
        {
            return TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById(Site.Value.TimeZone)).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        }
        catch (TimeZoneNotFoundException)
        {
            return "—";
        }
    }
}
