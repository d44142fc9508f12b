using System.Text.RegularExpressions;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Alerting;

/// <summary>The outside systems that post alarms over HTTP, by the name in their URL (section "Alarms:Sources").</summary>
public sealed partial class AlarmSourcesOptions : IValidatableOptions
{
    /// <summary>Bound from the "Alarms" section, beside the alarm system's own options.</summary>
    public const string Section = "Alarms";

    /// <summary>A shorter token is too easy to guess for an endpoint open to the network.</summary>
    public const int MinTokenLength = 16;

    public Dictionary<string, AlarmSourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Validate()
    {
        foreach (var (name, source) in Sources)
        {
            var at = $"{Section}:Sources:{name}";
            if (!NamePattern().IsMatch(name)) yield return $"{at}: the name must be 1-40 letters, digits, '-' or '_' (it is part of the URL).";
            var hasToken = !string.IsNullOrEmpty(source.Token);
            var hasFile = !string.IsNullOrEmpty(source.TokenFile);
            if (hasToken == hasFile) yield return $"{at}: set exactly one of Token and TokenFile.";
            else if (hasToken && source.Token!.Trim().Length < MinTokenLength) yield return $"{at}:Token must be at least {MinTokenLength} characters.";
            else if (hasFile && ReadToken(source.TokenFile!, out var problem) is null) yield return $"{at}:TokenFile {problem}.";
            if (source.ExpectedInterval < TimeSpan.FromSeconds(1) || source.ExpectedInterval > TimeSpan.FromDays(7))
                yield return $"{at}:ExpectedInterval must be between 00:00:01 and 7.00:00:00 (is {source.ExpectedInterval}).";
        }
    }

    /// <summary>The token of a source: from the setting or read from its file; null (with why) when unusable.</summary>
    public static string? TokenOf(AlarmSourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return !string.IsNullOrEmpty(source.Token) ? source.Token.Trim() : source.TokenFile is { } f ? ReadToken(f, out _) : null;
    }

    private static string? ReadToken(string path, out string problem)
    {
        try
        {
            var token = File.ReadAllText(path).Trim();
            problem = token.Length >= MinTokenLength ? "" : $"'{path}' must hold a token of at least {MinTokenLength} characters";
            return problem.Length == 0 ? token : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"'{path}' cannot be read ({ex.GetType().Name})";
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePattern();
}
