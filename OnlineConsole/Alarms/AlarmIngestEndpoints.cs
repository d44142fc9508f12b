using System.Buffers;
using OnlineConsole.Collectors.Alerting;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Security;

namespace OnlineConsole.Alarms;

/// <summary>
/// Alarms posted by outside systems: Alertmanager and Grafana webhooks and the console's own JSON for scripts.
/// Machine endpoints: no sign-in or antiforgery, a bearer token per source instead (README, "Alarm sources").
/// </summary>
public static class AlarmIngestEndpoints
{
    public const string AlertmanagerPath = "/api/alarms/alertmanager/{source}";
    public const string GrafanaPath = "/api/alarms/grafana/{source}";
    public const string IngestPath = "/api/alarms/ingest/{source}";

    /// <summary>Largest body taken; Alertmanager's default group of up to a few hundred alerts is far below it.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapAlarmIngestEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Created now, so the sources are on the Collectors page (and /readyz counts them) before the first post.
        _ = app.ServiceProvider.GetRequiredService<AlarmSourceRegistry>();
        Map(app, AlertmanagerPath, WebhookAlertParser.ParseAlertmanager);
        Map(app, GrafanaPath, WebhookAlertParser.ParseGrafana);
        Map(app, IngestPath, PlainAlarmParser.Parse);
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, string pattern, Func<ReadOnlyMemory<byte>, string, AlarmParseResult> parse) =>
        app.MapPost(pattern, (HttpContext context, string source, AlarmSourceRegistry sources, AlarmIngestQueue ingest, RefusalAudit refusals,
                ILoggerFactory loggers, TimeProvider time) => HandleAsync(context, source, parse, sources, ingest, refusals, loggers, time))
            .AllowAnonymous()
            .DisableAntiforgery();

    private static async Task<IResult> HandleAsync(HttpContext context, string name, Func<ReadOnlyMemory<byte>, string, AlarmParseResult> parse,
        AlarmSourceRegistry sources, AlarmIngestQueue ingest, RefusalAudit refusals, ILoggerFactory loggers, TimeProvider time)
    {
        if (sources.Find(name) is not { } source) return Results.NotFound(new { errors = new[] { "unknown alarm source" } });
        if (!source.Accepts(context.Request.Headers.Authorization.ToString()))
        {
            source.Health.CountMalformed("unauthorized", 1);
            refusals.Record("alarms.unauthorized", $"alarm-source:{name}", context.Connection.RemoteIpAddress?.ToString(), $"{context.Request.Method} {context.Request.Path}");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { errors = new[] { "missing or wrong bearer token" } }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var (buffer, length, tooLarge) = await ReadBodyAsync(context.Request, context.RequestAborted);
        try
        {
            var result = tooLarge
                ? AlarmParseResult.Refused("too-large", $"the body is larger than {MaxBodyBytes} bytes")
                : parse(buffer.AsMemory(0, length), name);
            if (!result.Ok) return Refuse(source, result, context, loggers, time);

            var applied = await ingest.SubmitAsync(result.Signals);
            source.Health.CountReceived(result.Signals.Count);
            source.Health.Succeeded(time.GetUtcNow());
            // Only a signal the parser let through and the engine still refused lands here (it never should).
            return applied.AllAccepted
                ? Results.Json(new { accepted = applied.Accepted })
                : Results.Json(new { accepted = applied.Accepted, errors = applied.Errors }, statusCode: StatusCodes.Status400BadRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult Refuse(AlarmSource source, AlarmParseResult result, HttpContext context, ILoggerFactory loggers, TimeProvider time)
    {
        source.Health.CountMalformed(result.Reason ?? "invalid", 1);
        if (source.MayLog(time.GetUtcNow(), out var unlogged))
            loggers.CreateLogger(typeof(AlarmIngestEndpoints)).LogWarning(
                "Alarm source {Source}: refused a body posted to {Path} from {Address} ({Reason}: {Example}); {Unlogged} more refused since the last line",
                source.Name, context.Request.Path.Value, context.Connection.RemoteIpAddress?.ToString(), result.Reason, result.Errors[0], unlogged);
        return Results.Json(new { errors = result.Errors }, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/> (one byte more tells a body is too large) into pooled buffers.</summary>
    private static async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBodyAsync(HttpRequest request, CancellationToken cancel)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        if (request.ContentLength > MaxBodyBytes) return (buffer, 0, true);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancel);
            if (read == 0) return (buffer, length, false);
            length += read;
            if (length > MaxBodyBytes) return (buffer, length, true);
        }
    }
}
