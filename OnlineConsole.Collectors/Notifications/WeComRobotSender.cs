using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Collectors.Notifications;

/// <summary>
/// A WeCom group robot: POST {base}/cgi-bin/webhook/send?key=KEY with a text (mentions by user id and mobile, at most
/// 2048 bytes) or markdown (at most 4096 bytes) message; the robot takes at most 20 messages a minute, so this counts
/// its own sends and says how many may go (the delivery merges the rest into a summary). errcode 45009 (rate limited)
/// is retried after the minute's window; an unknown key (93000) or bad request is not retried.
/// </summary>
public sealed class WeComRobotSender(ContactPointOptions options, HttpClient http, MessageRenderer renderer, int maxAlarms, TimeProvider time) : IContactPointSender
{
    public const int TextMaxBytes = 2048;
    public const int MarkdownMaxBytes = 4096;
    public const int RateLimitedCode = 45009;
    public const int InvalidKeyCode = 93000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _gate = new();

    public string Name => options.Name;

    public int Available
    {
        get
        {
            lock (_gate)
            {
                Expire(time.GetUtcNow());
                return Math.Max(0, options.WeComMessagesPerMinute - _sent.Count);
            }
        }
    }

    public async Task<SendResult> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Expire(now);
            if (_sent.Count >= options.WeComMessagesPerMinute) return SendResult.Retry("rate limit of the robot reached", _sent.Peek() + Window - now);
            _sent.Enqueue(now);
        }
        var text = options.WeComFormat == "text";
        // The idempotency key closes every message: WeCom has no header for it, a reader (or a bridge) can drop repeats.
        var tail = "\n#" + (notification.IdempotencyKey.Length > 12 ? notification.IdempotencyKey[..12] : notification.IdempotencyKey);
        var limit = (text ? TextMaxBytes : MarkdownMaxBytes) - MessageRenderer.Bytes(tail);
        var rendered = renderer.Render(notification, options.Language, maxAlarms, limit);
        object body = text
            ? new WeComMessage("text", new WeComText(rendered.Text + tail,
                [.. options.MentionedList, .. notification.Mentions.Select(m => m.WeComUserId).OfType<string>()],
                [.. options.MentionedMobileList, .. notification.Mentions.Select(m => m.Mobile).OfType<string>()]), null)
            : new WeComMessage("markdown", null, new WeComMarkdown(rendered.Markdown + MentionTags(notification) + tail));
        var url = options.WeComBaseUrl.TrimEnd('/') + "/cgi-bin/webhook/send?key=" + Uri.EscapeDataString(options.WeComKey ?? "");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(url, body, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Retry("robot unreachable: " + ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry("robot did not answer in time");
        }
        using (response)
        {
            if ((int)response.StatusCode >= 500) return SendResult.Retry($"robot answered HTTP {(int)response.StatusCode}");
            if (!response.IsSuccessStatusCode) return SendResult.Permanent($"robot answered HTTP {(int)response.StatusCode}");
            WeComReply? reply;
            try
            {
                reply = await response.Content.ReadFromJsonAsync<WeComReply>(Json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return SendResult.Retry("robot answered with no JSON");
            }
            return reply?.Errcode switch
            {
                0 => SendResult.Ok,
                RateLimitedCode => SendResult.Retry($"robot rate limited (errcode {RateLimitedCode})", Window),
                InvalidKeyCode => SendResult.Permanent($"robot key is not valid (errcode {InvalidKeyCode})"),
                null => SendResult.Retry("robot answered without errcode"),
                // -1 is "system busy" in the WeCom API; the rest are request errors that a retry does not mend.
                -1 => SendResult.Retry("robot busy (errcode -1)"),
                var code => SendResult.Permanent($"robot refused the message (errcode {code}: {reply.Errmsg})"),
            };
        }
    }

    /// <summary>Markdown cannot @mention by list, but it renders &lt;@userid&gt; in the content.</summary>
    private static string MentionTags(OutgoingNotification n)
    {
        var ids = n.Mentions.Select(m => m.WeComUserId).OfType<string>().ToList();
        return ids.Count == 0 ? "" : "\n" + string.Join(' ', ids.Select(i => "<@" + i + ">"));
    }

    private void Expire(DateTimeOffset now)
    {
        while (_sent.Count > 0 && _sent.Peek() + Window <= now) _sent.Dequeue();
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record WeComMessage(string Msgtype, WeComText? Text, WeComMarkdown? Markdown);

    private sealed record WeComText(string Content, IReadOnlyList<string> MentionedList, IReadOnlyList<string> MentionedMobileList);

    private sealed record WeComMarkdown(string Content);

    private sealed record WeComReply(int? Errcode, string? Errmsg);
}
