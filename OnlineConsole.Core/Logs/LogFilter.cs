using System.Text.RegularExpressions;

namespace OnlineConsole.Core.Logs;

/// <summary>
/// What the log viewer shows: every condition set must hold. Text is a case-insensitive substring, or a regular
/// expression when <see cref="IsRegex"/>; regexes run without backtracking so no pattern can stall the server.
/// </summary>
public sealed record LogFilter
{
    public static LogFilter All { get; } = new();

    /// <summary>The least severe level shown: Warning shows Emergency..Warning.</summary>
    public LogSeverity MaxSeverity { get; init; } = LogSeverity.Debug;
    public LogOrigin? Origin { get; init; }
    public string? Host { get; init; }
    public string? Process { get; init; }
    public string? Device { get; init; }
    public long? Run { get; init; }
    public string? Text { get; init; }
    public bool IsRegex { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Builds the matcher; an invalid regex is refused with the parser's own words.</summary>
    public LogMatcher Compile()
    {
        Regex? regex = null;
        if (IsRegex && !string.IsNullOrEmpty(Text))
        {
            try
            {
                regex = new Regex(Text, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                throw new FormatException(ex.Message, ex);
            }
        }
        return new LogMatcher(this, regex);
    }
}

/// <summary>A compiled <see cref="LogFilter"/>.</summary>
public sealed class LogMatcher
{
    private readonly LogFilter _f;
    private readonly Regex? _regex;

    internal LogMatcher(LogFilter filter, Regex? regex)
    {
        _f = filter;
        _regex = regex;
    }

    public LogFilter Filter => _f;

    public bool Matches(LogEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Severity > _f.MaxSeverity) return false;
        if (_f.Origin is { } o && e.Origin != o) return false;
        if (!string.IsNullOrEmpty(_f.Host) && !string.Equals(e.Host, _f.Host, StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.IsNullOrEmpty(_f.Process) && !string.Equals(e.Process, _f.Process, StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.IsNullOrEmpty(_f.Device) && !string.Equals(e.Device, _f.Device, StringComparison.OrdinalIgnoreCase)) return false;
        if (_f.Run is { } r && e.Run != r) return false;
        if (_f.From is { } from && e.Time < from) return false;
        if (_f.To is { } to && e.Time > to) return false;
        if (!string.IsNullOrEmpty(_f.Text))
        {
            if (_regex is not null) return _regex.IsMatch(e.Text);
            return e.Text.Contains(_f.Text, StringComparison.OrdinalIgnoreCase);
        }
        return true;
    }
}
