namespace OnlineConsole.Core.Alarms;

/// <summary>
/// What hangs from what, by subject ("channel:4280" -> "gcu:12" -> "server:hd001" -> "port:sw1/swp3" ->
/// "device:sw1"): an active alarm on a subject's ancestor is the root cause of the subject's alarms. Built from the
/// network topology and the channel maps; immutable, replaced as a whole.
/// </summary>
public sealed class AlarmDependencies
{
    /// <summary>Longest chain walked: a cycle in a bad map cannot hang the engine.</summary>
    public const int MaxDepth = 16;

    public static readonly AlarmDependencies None = new(new Dictionary<string, IReadOnlyList<string>>());

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _parents;

    public AlarmDependencies(IReadOnlyDictionary<string, IReadOnlyList<string>> parents) => _parents = parents;

    public int Count => _parents.Count;

    public IReadOnlyList<string> ParentsOf(string subject) => _parents.TryGetValue(subject, out var p) ? p : [];

    /// <summary>The subject's ancestors, nearest first, each once.</summary>
    public IEnumerable<string> AncestorsOf(string subject)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { subject };
        var level = new List<string> { subject };
        for (var depth = 0; depth < MaxDepth && level.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var s in level)
                foreach (var p in ParentsOf(s))
                    if (seen.Add(p))
                    {
                        next.Add(p);
                        yield return p;
                    }
            level = next;
        }
    }
}
