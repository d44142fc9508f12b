using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Network;

/// <summary>The network area read-only: what the pages see of <see cref="NetworkArea"/>.</summary>
public interface INetworkView
{
    FreshnessPolicy Policy { get; }
    IPortTrends History { get; }
    NetworkSnapshot Snapshot { get; }
    SourceStamp? Stamp { get; }
}
