using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Dcs;

/// <summary>
/// The slow control's MQTT broker (section "Dcs:Mqtt"); absent, the embedded demonstrator fills the DCS area. The
/// channels themselves are "Dcs:Points".
/// </summary>
public sealed class DcsMqttOptions : IValidatableOptions
{
    public const string Section = "Dcs:Mqtt";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 1883;
    public string? Username { get; set; }

    /// <summary>Never shown or logged.</summary>
    public string? Password { get; set; }

    public bool Tls { get; set; }

    /// <summary>PEM file of the site's certificate authority when the broker's certificate is not in the machine's trust store.</summary>
    public string? CaFile { get; set; }

    /// <summary>The client id; by default "online-console-" and the machine name.</summary>
    public string? ClientId { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The broker is pinged this often; a dead connection is noticed within about twice this.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages waiting for the store; when full the broker connection waits (TCP backpressure), nothing is dropped.</summary>
    public int QueueCapacity { get; set; } = 200_000;

    public int MaxBatch { get; set; } = 20_000;

    public string Source => $"mqtt://{Host}:{Port}";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) yield return $"{Section}:Host is required.";
        if (Port is < 1 or > 65535) yield return $"{Section}:Port must be between 1 and 65535 (is {Port}).";
        if (Password is { Length: > 0 } && string.IsNullOrEmpty(Username)) yield return $"{Section}:Password needs a Username.";
        if (CaFile is { Length: > 0 } ca && !Tls) yield return $"{Section}:CaFile needs Tls = true.";
        if (CaFile is { Length: > 0 } f && !File.Exists(f)) yield return $"{Section}:CaFile '{f}' does not exist.";
        if (ConnectTimeout < TimeSpan.FromMilliseconds(100) || ConnectTimeout > TimeSpan.FromMinutes(1)) yield return $"{Section}:ConnectTimeout must be between 100 ms and 1 min.";
        if (KeepAlive < TimeSpan.FromSeconds(1) || KeepAlive > TimeSpan.FromMinutes(10)) yield return $"{Section}:KeepAlive must be between 1 s and 10 min.";
        if (QueueCapacity is < 100 or > 10_000_000) yield return $"{Section}:QueueCapacity must be between 100 and 10000000.";
        if (MaxBatch is < 1 or > 1_000_000) yield return $"{Section}:MaxBatch must be between 1 and 1000000.";
    }
}
