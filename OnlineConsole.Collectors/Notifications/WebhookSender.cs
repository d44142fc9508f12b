using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Collectors.Notifications;

/// <summary>
/// POSTs <see cref="WebhookPayload"/> as JSON, with headers Idempotency-Key, optional Authorization: Bearer and
/// optional X-OnlineConsole-Signature: sha256=hex(HMAC-SHA256(secret, body)). 5xx, 429 and network errors are
/// retried, other 4xx are not.
/// </summary>
public sealed class WebhookSender(ContactPointOptions options, HttpClient http, MessageRenderer renderer) : IContactPointSender
{
    public const string SignatureHeader = "X-OnlineConsole-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";

    public string Name => options.Name;

    public int Available => int.MaxValue;

    public async Task<SendResult> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.Build(notification, options.Name, renderer));
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyHeader, notification.IdempotencyKey);
        if (!string.IsNullOrEmpty(options.BearerToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        if (!string.IsNullOrEmpty(options.HmacSecret))
            request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.HmacSecret), body)));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return SendResult.Ok;
            var after = response.Headers.RetryAfter?.Delta;
            return code is 429 or 408 or >= 500 ? SendResult.Retry($"webhook answered HTTP {code}", after) : SendResult.Permanent($"webhook answered HTTP {code}");
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Retry("webhook unreachable: " + ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry("webhook did not answer in time");
        }
    }
}
