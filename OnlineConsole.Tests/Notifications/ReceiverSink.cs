using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Notifications;

/// <summary>
/// An HTTP host on 127.0.0.1 that behaves as the WeCom group robot API documents it (POST /cgi-bin/webhook/send?key=,
/// errcode 93000 for an unknown key, 45009 past 20 messages a minute, 40058 for markdown over 4096 or text over 2048
/// bytes) and as a webhook receiver (checks bearer token and HMAC signature). It records what it accepted.
/// </summary>
public sealed class ReceiverSink : IAsyncDisposable
{
    public const string Key = "00000000-1111-2222-3333-444444444444";
    public const string Token = "tok-1a2b";
    public const string Secret = "hmac-secret";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<DateTimeOffset> _wecomTimes = new();

    public ReceiverSink()
    {
        Port = AppProcess.FreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapPost("/cgi-bin/webhook/send", (Func<HttpContext, Task<IResult>>)WeComAsync);
        _app.MapPost("/hook", (Func<HttpContext, Task<IResult>>)HookAsync);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }

    /// <summary>A console's arguments for one webhook contact point "hook" to this sink, every alarm routed to it, grouped by host, at once.</summary>
    public string[] WebhookArgs() =>
    [
        "--Notifications:Enabled=true",
        "--Notifications:ContactPoints:0:Name=hook",
        "--Notifications:ContactPoints:0:Kind=Webhook",
        $"--Notifications:ContactPoints:0:Url={BaseUrl}/hook",
        $"--Notifications:ContactPoints:0:BearerToken={Token}",
        $"--Notifications:ContactPoints:0:HmacSecret={Secret}",
        "--Notifications:Route:ContactPoints:0=hook",
        "--Notifications:Route:GroupBy:0=host",
        "--Notifications:Route:GroupWait=00:00:00",
        "--Notifications:Delivery:Lease=00:00:05",
        "--Notifications:Delivery:PollInterval=00:00:00.200",
    ];
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public ConcurrentQueue<JsonElement> WeCom { get; } = new();
    public ConcurrentQueue<JsonElement> Hooks { get; } = new();
    public int RateLimited;
    public int TooLarge;

    /// <summary>How long a webhook post waits after it was recorded before it is answered (a slow receiver).</summary>
    public TimeSpan HookDelay { get; set; }

    /// <summary>Answer the next n webhook posts with HTTP 503.</summary>
    public int FailNextHooks;

    private async Task<IResult> WeComAsync(HttpContext ctx)
    {
        if (ctx.Request.Query["key"] != Key) return Results.Json(new { errcode = 93000, errmsg = "invalid webhook url" });
        using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
        var root = doc.RootElement.Clone();
        var now = DateTimeOffset.UtcNow;
        while (_wecomTimes.TryPeek(out var t) && t < now.AddMinutes(-1)) _wecomTimes.TryDequeue(out _);
        if (_wecomTimes.Count >= 20)
        {
            Interlocked.Increment(ref RateLimited);
            return Results.Json(new { errcode = 45009, errmsg = "api freq out of limit" });
        }
        var type = root.GetProperty("msgtype").GetString();
        var content = root.GetProperty(type!).GetProperty("content").GetString() ?? "";
        if (Encoding.UTF8.GetByteCount(content) > (type == "markdown" ? 4096 : 2048))
        {
            Interlocked.Increment(ref TooLarge);
            return Results.Json(new { errcode = 40058, errmsg = "content exceed max length" });
        }
        _wecomTimes.Enqueue(now);
        WeCom.Enqueue(root);
        return Results.Json(new { errcode = 0, errmsg = "ok" });
    }

    private async Task<IResult> HookAsync(HttpContext ctx)
    {
        if (Interlocked.Decrement(ref FailNextHooks) >= 0) return Results.StatusCode(503);
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms);
        var body = ms.ToArray();
        if (ctx.Request.Headers.Authorization != "Bearer " + Token) return Results.StatusCode(401);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        if (ctx.Request.Headers["X-OnlineConsole-Signature"] != expected) return Results.StatusCode(403);
        if (ctx.Request.Headers["Idempotency-Key"].Count != 1) return Results.StatusCode(400);
        Hooks.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
        if (HookDelay > TimeSpan.Zero) await Task.Delay(HookDelay, ctx.RequestAborted);
        return Results.Ok();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
