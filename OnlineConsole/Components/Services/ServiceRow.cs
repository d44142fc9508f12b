using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Components.Services;

/// <summary>
/// One row of the health tree: a service, its depth, and its rolled-up state (the worst of itself and what hangs
/// from it; a stale row counts as unknown, so a host whose processes went stale never looks healthy).
/// </summary>
public sealed record ServiceRow(ServiceHealth Service, int Depth, ServiceState Rolled, Freshness Freshness, int Children);
