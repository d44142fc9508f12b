namespace OnlineConsole.Core.Notifications;

/// <summary>Where messages go; only the fields of its <see cref="Kind"/> are read. Secrets are never logged.</summary>
public sealed class ContactPointOptions
{
    public string Name { get; set; } = "";
    public ContactPointKind Kind { get; set; }

    /// <summary>"en" or "zh-CN".</summary>
    public string Language { get; set; } = "en";

    /// <summary>Roster roles ("shift", "oncall") whose people on duty are @mentioned (WeCom) or added as recipients (e-mail).</summary>
    public List<string> MentionRoles { get; set; } = [];

    // WeCom group robot
    public string WeComBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";
    public string? WeComKey { get; set; }

    /// <summary>"markdown" or "text" (only text can @mention by user id or mobile).</summary>
    public string WeComFormat { get; set; } = "markdown";
    public List<string> MentionedList { get; set; } = [];
    public List<string> MentionedMobileList { get; set; } = [];

    /// <summary>The robot's limit: more messages in a minute are merged into one summary.</summary>
    public int WeComMessagesPerMinute { get; set; } = 20;

    // E-mail
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>Accept a self-signed server certificate (a lab relay); never for a real mail server.</summary>
    public bool SmtpAcceptAnyCertificate { get; set; }
    public string? From { get; set; }
    public List<string> To { get; set; } = [];

    // Webhook
    public string? Url { get; set; }
    public string? BearerToken { get; set; }

    /// <summary>When set, the body is signed: header X-OnlineConsole-Signature: sha256=hex(HMAC-SHA256(secret, body)).</summary>
    public string? HmacSecret { get; set; }

    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return $"{prefix}:Name is empty.";
        if (!Enum.IsDefined(Kind)) yield return $"{prefix}:Kind '{Kind}' is not WeCom, Email or Webhook.";
        if (Language is not ("en" or "zh-CN")) yield return $"{prefix}:Language must be en or zh-CN (is '{Language}').";
        switch (Kind)
        {
            case ContactPointKind.WeCom:
                if (string.IsNullOrWhiteSpace(WeComKey)) yield return $"{prefix}:WeComKey is empty.";
                if (!IsHttpUrl(WeComBaseUrl)) yield return $"{prefix}:WeComBaseUrl '{WeComBaseUrl}' is not an http(s) URL.";
                if (WeComFormat is not ("markdown" or "text")) yield return $"{prefix}:WeComFormat must be markdown or text (is '{WeComFormat}').";
                if (WeComMessagesPerMinute is < 1 or > 20) yield return $"{prefix}:WeComMessagesPerMinute must be between 1 and 20 (is {WeComMessagesPerMinute}).";
                break;
            case ContactPointKind.Email:
                if (string.IsNullOrWhiteSpace(SmtpHost)) yield return $"{prefix}:SmtpHost is empty.";
                if (SmtpPort is < 1 or > 65535) yield return $"{prefix}:SmtpPort must be between 1 and 65535 (is {SmtpPort}).";
                if (string.IsNullOrWhiteSpace(From) || !From.Contains('@', StringComparison.Ordinal)) yield return $"{prefix}:From '{From}' is not an e-mail address.";
                if (To.Count == 0 && MentionRoles.Count == 0) yield return $"{prefix}:To is empty (and no MentionRoles).";
                foreach (var t in To.Where(t => !t.Contains('@', StringComparison.Ordinal))) yield return $"{prefix}:To '{t}' is not an e-mail address.";
                if (SmtpUser is not null && SmtpPassword is null) yield return $"{prefix}:SmtpPassword is missing for SmtpUser.";
                break;
            case ContactPointKind.Webhook:
                if (!IsHttpUrl(Url)) yield return $"{prefix}:Url '{Url}' is not an http(s) URL.";
                break;
        }
    }

    private static bool IsHttpUrl(string? s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
