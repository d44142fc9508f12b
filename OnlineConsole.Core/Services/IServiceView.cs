using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Services;

/// <summary>The service area read-only: what the pages see of <see cref="ServiceArea"/>.</summary>
public interface IServiceView
{
    FreshnessPolicy Policy { get; }
    IReadOnlyList<ServiceHealth> Snapshot();
}
