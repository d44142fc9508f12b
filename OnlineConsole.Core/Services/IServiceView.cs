using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Services;

/// <summary>The service area read-only: what the pages see of <see cref="ServiceArea"/>.</summary>
public interface IServiceView
{
    FreshnessPolicy Policy { get; }
    IReadOnlyList<ServiceHealth> Snapshot();

    /// <summary>A row's numbers over the last hour, oldest first (empty for rows without numbers).</summary>
    IReadOnlyList<ServiceSample> History(string name);
}
