using System.Text.RegularExpressions;

namespace OnlineConsole.Collectors.Network;

/// <summary>Which interfaces of a switch count as its ports: software ones (by ifType or name) are left out.</summary>
public sealed class PortVisibility
{
    private readonly HashSet<int> _hiddenTypes;
    private readonly Regex? _hiddenNames;

    public PortVisibility(IEnumerable<int> hiddenTypes, IEnumerable<string> hiddenNames)
    {
        _hiddenTypes = [.. hiddenTypes];
        var patterns = hiddenNames.Select(n => "^" + Regex.Escape(n).Replace("\\*", ".*", StringComparison.Ordinal) + "$").ToList();
        _hiddenNames = patterns.Count == 0 ? null : new Regex(string.Join("|", patterns), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    public static PortVisibility From(NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.ParsedHiddenPortTypes(), options.ParsedHiddenPorts());
    }

    /// <summary>True for an interface shown as a port; an agent without ifType (0) is judged by name only.</summary>
    public bool Shows(IfRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return !_hiddenTypes.Contains(row.IfType) && !(_hiddenNames?.IsMatch(row.DisplayName) ?? false);
    }
}
