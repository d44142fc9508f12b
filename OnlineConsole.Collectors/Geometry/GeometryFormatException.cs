using OnlineConsole.Core.Text;

namespace OnlineConsole.Collectors.Geometry;

/// <summary>
/// A channel-map file is wrong. Carries every defect found in one read (up to <see cref="GeometryCsv.MaxProblems"/>),
/// each naming file, line and column, and the setting that named the file when it came from configuration.
/// </summary>
public sealed class GeometryFormatException : Exception
{
    public GeometryFormatException(IReadOnlyList<GeometryProblem> problems, bool truncated = false, string? setting = null)
        : base(Describe(problems, truncated, setting))
    {
        ArgumentNullException.ThrowIfNull(problems);
        Problems = problems;
        Truncated = truncated;
        Setting = setting;
    }

    public GeometryFormatException(string file, int line, int column, string problem)
        : this([new GeometryProblem(file, line, column, problem)]) { }

    public GeometryFormatException() : this("") { }
    public GeometryFormatException(string message) : base(message) => Problems = [];
    public GeometryFormatException(string message, Exception inner) : base(message, inner) => Problems = [];

    private GeometryFormatException(string message, IReadOnlyList<GeometryProblem> problems, bool truncated) : base(message)
    {
        Problems = problems;
        Truncated = truncated;
    }

    /// <summary>Defects of several files (each part already naming its setting) as one error.</summary>
    public static GeometryFormatException Combine(IReadOnlyList<GeometryFormatException> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Count == 1 ? parts[0]
            : new(string.Join(Environment.NewLine, parts.Select(p => p.Message)), [.. parts.SelectMany(p => p.Problems)], parts.Any(p => p.Truncated));
    }

    public IReadOnlyList<GeometryProblem> Problems { get; }

    /// <summary>More defects exist than were reported: the read stopped at the cap.</summary>
    public bool Truncated { get; }

    /// <summary>The configuration key that named the file (e.g. Detector:Geometry:SmallPmtFile), if any.</summary>
    public string? Setting { get; }

    public string File => Problems.Count > 0 ? Problems[0].File : string.Empty;
    public int Line => Problems.Count > 0 ? Problems[0].Line : 0;
    public int Column => Problems.Count > 0 ? Problems[0].Column : 0;
    public string Problem => Problems.Count > 0 ? Problems[0].Problem : Message;

    /// <summary>The same defects, now known to come from the file named by <paramref name="setting"/>.</summary>
    public GeometryFormatException WithSetting(string setting) => new(Problems, Truncated, setting);

    private static string Describe(IReadOnlyList<GeometryProblem> problems, bool truncated, string? setting)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var lines = problems.Select(p => p.ToString()).ToList();
        if (truncated) lines.Add($"(stopped after {Plural.Of(problems.Count, "problem")}; fix these and check again)");
        // A single defect without a setting stays one line, as editors and the command line print it.
        if (setting is null && problems.Count == 1 && !truncated) return lines[0];
        var file = problems.Count > 0 ? problems[0].File : "";
        var head = $"{(setting is null ? "" : setting + ": ")}{(truncated ? "more than " : "")}{Plural.Of(problems.Count, "problem")} in '{file}':";
        return head + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }
}
