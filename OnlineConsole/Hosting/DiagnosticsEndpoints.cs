using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Hosting;

/// <summary>The console's own timing, for experts and benchmarks: is the server keeping up with its pages?</summary>
public static class DiagnosticsEndpoints
{
    public const string LivePath = "/api/diagnostics/live";

    public static IEndpointRouteBuilder MapDiagnosticsEndpoints(this IEndpointRouteBuilder app)
    {
        // Cumulative since start: a client takes two readings and subtracts the counts for a window.
        app.MapGet(LivePath, (LiveStore store) =>
        {
            var s = store.UpdateLatency.Snapshot();
            return Results.Json(new
            {
                boundsMs = UpdateLatency.BoundsMs,
                counts = s.Counts,
                renders = s.Total,
                p50Ms = Finite(s.QuantileMs(0.5)),
                p99Ms = Finite(s.QuantileMs(0.99)),
                maxMs = s.MaxMs,
                subscribers = store.Changes.SubscriberCount,
                replica = new { name = store.Leadership.Replica, replicated = store.Leadership.Replicated, holder = store.Leadership.Holder, epoch = store.Leadership.Epoch, isHolder = store.Leadership.IsHolder },
                logs = new { count = store.Logs.Count, last = store.Logs.LastSequence, overwritten = store.Logs.Overwritten },
                collectors = store.Collectors.Snapshot().Select(c => new
                {
                    name = c.Name, state = c.State.ToString(), received = c.Received, malformed = c.Malformed, dropped = c.Dropped, gauges = c.Gauges,
                }),
            });
        }).RequireAuthorization(p => p.RequireRole(nameof(OperatorRole.Expert)));
        return app;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
