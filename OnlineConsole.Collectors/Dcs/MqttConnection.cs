using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Protocol;

namespace OnlineConsole.Collectors.Dcs;

/// <summary>The one place MQTT client options are built (the collector and the demonstrator's publisher share it).</summary>
public static class MqttConnection
{
    public static MqttClientOptions Options(DcsMqttOptions o, string defaultClientId)
    {
        ArgumentNullException.ThrowIfNull(o);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(o.Host, o.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(string.IsNullOrEmpty(o.ClientId) ? defaultClientId : o.ClientId)
            .WithCleanStart()
            .WithTimeout(o.ConnectTimeout)
            .WithKeepAlivePeriod(o.KeepAlive);
        if (!string.IsNullOrEmpty(o.Username)) builder = builder.WithCredentials(o.Username, o.Password ?? "");
        if (o.Tls)
        {
            X509Certificate2Collection? authorities = null;
            if (o.CaFile is { Length: > 0 } ca)
            {
                authorities = [];
                authorities.ImportFromPemFile(ca);
            }
            builder = builder.WithTlsOptions(t =>
            {
                t.UseTls().WithTargetHost(o.Host);
                if (authorities is not null)
                    t.WithCertificateValidationHandler(e => Hosting.PrivateCa.Validate(authorities, e.Certificate, e.SslPolicyErrors));
            });
        }
        return builder.Build();
    }

    /// <summary>Throws with the broker's reason when a connect attempt was refused.</summary>
    public static void EnsureConnected(MqttClientConnectResult result, DcsMqttOptions o)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"{o?.Source} refused the connection: {result.ResultCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : " (" + result.ReasonString + ")")}.");
    }

    public static MqttApplicationMessage Message(string topic, ReadOnlyMemory<byte> payload, bool retain, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray()).WithRetainFlag(retain).WithQualityOfServiceLevel(qos).Build();
}
