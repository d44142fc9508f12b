namespace OnlineConsole.Core.Notifications;

/// <summary>A line diff (longest common subsequence) of two texts, for the settings history.</summary>
public static class LineDiff
{
    /// <summary>Texts longer than this many lines on both sides are compared line by line in order, not by LCS.</summary>
    private const int MaxLcsLines = 4000;

    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Lines(before);
        var b = Lines(after);
        var result = new List<DiffLine>();
        if ((long)a.Length * b.Length > (long)MaxLcsLines * MaxLcsLines)
        {
            result.AddRange(a.Select(l => new DiffLine(DiffKind.Removed, l)));
            result.AddRange(b.Select(l => new DiffLine(DiffKind.Added, l)));
            return result;
        }
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { result.Add(new DiffLine(DiffKind.Same, a[x])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) result.Add(new DiffLine(DiffKind.Removed, a[x++]));
            else result.Add(new DiffLine(DiffKind.Added, b[y++]));
        }
        while (x < a.Length) result.Add(new DiffLine(DiffKind.Removed, a[x++]));
        while (y < b.Length) result.Add(new DiffLine(DiffKind.Added, b[y++]));
        return result;
    }

    private static string[] Lines(string s) => s.Length == 0 ? [] : s.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
