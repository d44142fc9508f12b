namespace OnlineConsole.Core.Collectors;

/// <summary>The collector area read-only: what the pages see of <see cref="CollectorArea"/>.</summary>
public interface ICollectorView
{
    IReadOnlyList<CollectorHealthSnapshot> Snapshot();
    bool IsDown(string source);
}
