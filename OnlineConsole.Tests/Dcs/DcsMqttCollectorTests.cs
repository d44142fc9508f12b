using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using OnlineConsole.Collectors.Dcs;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Dcs;

/// <summary>
/// The MQTT slow-control collector against a real mosquitto: user and password, TLS with the site's CA, retained
/// messages, a broker killed and started again, damaged payloads, and commands answered by a module's readback.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DcsMqttCollectorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private const string Vmon = "dcs/hv/01/02/03/vmon";
    private const string Vset = "dcs/hv/01/02/03/vset";

    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-mqtt-tls-").FullName;

    public DcsMqttCollectorTests() => _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));

    public void Dispose()
    {
        _loggerFactory.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static DcsMqttOptions Options(MosquittoServer broker, string? password = MosquittoServer.Password) => new()
    {
        Host = "127.0.0.1", Port = broker.Port, Username = MosquittoServer.User, Password = password,
        ConnectTimeout = TimeSpan.FromSeconds(2), KeepAlive = TimeSpan.FromSeconds(2),
    };

    private DcsMqttCollector Collector(LiveStore store, DcsMqttOptions options) =>
        new(store, Microsoft.Extensions.Options.Options.Create(options), _loggerFactory.CreateLogger<DcsMqttCollector>());

    private static async Task<IMqttClient> ClientAsync(MosquittoServer broker, string id)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(MqttConnection.Options(new DcsMqttOptions { Host = "127.0.0.1", Port = broker.Port, Username = MosquittoServer.User, Password = MosquittoServer.Password }, id));
        return client;
    }

    private static Task PublishAsync(IMqttClient client, string topic, string payload, bool retain = false) =>
        client.PublishAsync(MqttConnection.Message(topic, Encoding.UTF8.GetBytes(payload), retain));

    [Fact]
    public async Task Readings_arrive_with_user_and_password_and_a_wrong_password_is_shown_as_refused()
    {
        await using var broker = await MosquittoServer.StartAsync();
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, Options(broker));
        using var wrong = Collector(TestStores.Create(TimeProvider.System), Options(broker, "not the password"));
        await collector.StartAsync(CancellationToken.None);
        await wrong.StartAsync(CancellationToken.None);
        using var sensor = await ClientAsync(broker, "sensor");
        try
        {
            await Poll.UntilAsync(() => collector.Health.Snapshot().LastSuccess is not null, Deadline, "the collector connected");
            var sent = DateTimeOffset.UtcNow;
            await PublishAsync(sensor, Vmon, "1799.5");
            await PublishAsync(sensor, "dcs/env/area-02/s0010/temperature", "{\"value\": 31.5}");
            await PublishAsync(sensor, Vmon + "x", "1");
            var took = await Poll.UntilAsync(() => store.Dcs.Find(Vmon)?.Latest?.Value == 1799.5, Deadline, "the HV reading in the store");
            Assert.True(took < TimeSpan.FromSeconds(1), $"took {took.TotalMilliseconds:0} ms");
            await Poll.UntilAsync(() => store.Dcs.OutOfLimits().Any(c => c.Id == "dcs/env/area-02/s0010/temperature"), Deadline, "the warm sensor out of limits");
            var c = store.Dcs.Find(Vmon)!;
            Assert.Equal(Freshness.Fresh, store.DcsFreshness(c, DateTimeOffset.UtcNow));
            Assert.Equal("mqtt://127.0.0.1:" + broker.Port, c.Latest!.Stamp.Source);

            await Poll.UntilAsync(() => wrong.Health.Snapshot().LastError is not null, Deadline, "the wrong password refused");
            var refused = wrong.Health.Snapshot();
            Assert.Contains("refused the connection", refused.LastError, StringComparison.Ordinal);
            Assert.True(refused.LastError!.Contains("BadUserNameOrPassword", StringComparison.Ordinal) || refused.LastError.Contains("NotAuthorized", StringComparison.Ordinal), refused.LastError);
            Assert.Equal(CollectorState.Retrying, refused.State);
            Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("not the password", StringComparison.Ordinal) || e.Message.Contains(MosquittoServer.Password, StringComparison.Ordinal));
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
            await wrong.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Over_tls_the_broker_is_trusted_through_the_site_ca_and_refused_through_another()
    {
        var (ca, other, cert, key) = WriteCertificates();
        await using var broker = await MosquittoServer.StartAsync((cert, key));
        var store = TestStores.Create(TimeProvider.System);
        var options = Options(broker);
        options.Port = broker.TlsPort!.Value;
        options.Tls = true;
        options.CaFile = ca;
        using var collector = Collector(store, options);
        var untrusted = Options(broker);
        untrusted.Port = broker.TlsPort!.Value;
        untrusted.Tls = true;
        untrusted.CaFile = other;
        using var refused = Collector(TestStores.Create(TimeProvider.System), untrusted);
        await collector.StartAsync(CancellationToken.None);
        await refused.StartAsync(CancellationToken.None);
        using var sensor = await ClientAsync(broker, "sensor");
        try
        {
            await Poll.UntilAsync(() => collector.Health.Snapshot().LastSuccess is not null, Deadline, "connected over TLS");
            await PublishAsync(sensor, Vmon, "1700");
            await Poll.UntilAsync(() => store.Dcs.Find(Vmon)?.Latest is not null, Deadline, "a reading over TLS");
            await Poll.UntilAsync(() => refused.Health.Snapshot().LastError is not null, Deadline, "the other CA refused");
            Assert.Null(refused.Health.Snapshot().LastSuccess);
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
            await refused.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Retained_values_arrive_on_connect_and_one_without_its_time_is_shown_stale()
    {
        await using var broker = await MosquittoServer.StartAsync();
        using (var module = await ClientAsync(broker, "module"))
        {
            await PublishAsync(module, Vset, "{\"value\":1750,\"time\":\"" + DateTimeOffset.UtcNow.ToString("O") + "\"}", retain: true);
            await PublishAsync(module, "dcs/hv/01/02/04/vset", "1650", retain: true);
            await module.DisconnectAsync();
        }
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, Options(broker));
        await collector.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => store.Dcs.Count == 2, Deadline, "both retained values");
            var timed = store.Dcs.Find(Vset)!;
            var untimed = store.Dcs.Find("dcs/hv/01/02/04/vset")!;
            Assert.Equal((1750.0, 1650.0), (timed.Latest!.Value, untimed.Latest!.Value));
            Assert.Equal(Freshness.Fresh, store.DcsFreshness(timed, DateTimeOffset.UtcNow));
            Assert.True(untimed.Latest.AgeUnknown);
            Assert.Equal(Freshness.Stale, store.DcsFreshness(untimed, DateTimeOffset.UtcNow));
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_command_reaches_the_module_its_readback_applies_it_and_with_the_broker_down_it_fails_and_values_go_stale()
    {
        await using var broker = await MosquittoServer.StartAsync();
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, Options(broker));
        await collector.StartAsync(CancellationToken.None);
        // A module: answers a set command with its new readback, as the demonstrator and real HV boards do.
        var module = await ClientAsync(broker, "module");
        var received = new List<string>();
        module.ApplicationMessageReceivedAsync += async e =>
        {
            var payload = e.ApplicationMessage.ConvertPayloadToString();
            lock (received) received.Add(e.ApplicationMessage.Topic + "=" + payload);
            await PublishAsync(module, Vset, payload);
        };
        await module.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("dcs/hv/+/+/+/set/vset", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        try
        {
            await Poll.UntilAsync(() => collector.Health.Snapshot().LastSuccess is not null, Deadline, "connected");
            await PublishAsync(module, Vset, "1700");
            await PublishAsync(module, Vmon, "1700");
            await Poll.UntilAsync(() => store.Dcs.Find(Vset)?.Latest is not null && store.Dcs.Find(Vmon)?.Latest is not null, Deadline, "the channel");
            var channel = store.Dcs.Find(Vset)!;
            var command = store.Dcs.BeginCommand(channel, "1500", "erin");
            await collector.SendAsync(channel.SetTopic!, "1500", CancellationToken.None);
            await Poll.UntilAsync(() => channel.Command?.StateAt(DateTimeOffset.UtcNow) == DcsCommandState.Applied, Deadline, "the command applied by the readback");
            lock (received) Assert.Equal(["dcs/hv/01/02/03/set/vset=1500"], received);

            // Damaged payloads are counted per family and skipped; the good one after them arrives.
            await PublishAsync(module, Vmon, "lots");
            await PublishAsync(module, Vmon, "{\"value\":");
            await PublishAsync(module, Vmon, "1600");
            await Poll.UntilAsync(() => store.Dcs.Find(Vmon)!.Latest!.Value == 1600, Deadline, "the good reading after two damaged ones");
            Assert.Equal(2, collector.Health.Snapshot().MalformedBy["dcs/hv"]);
            Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("damaged payloads under dcs/hv", StringComparison.Ordinal));

            await PublishAsync(module, "dcs/env/area-01/s0001/temperature", "35");
            await Poll.UntilAsync(() => new OnlineConsole.Core.Alarms.Rules.DcsAlarmRules().Evaluate(store).Any(a => a.Active), Deadline, "a warm sensor's alarm while fresh");
            await broker.KillAsync();
            await Poll.UntilAsync(() => collector.Health.Snapshot().State == CollectorState.Retrying, Deadline, "the collector retrying");
            var vmon = store.Dcs.Find(Vmon)!;
            Assert.Equal(Freshness.Stale, store.DcsFreshness(vmon, DateTimeOffset.UtcNow));
            Assert.Contains("dcs-mqtt", store.DownCollectorsFeeding(StoreArea.Dcs));
            // One root cause: the collector's alarm; no channel is judged while stale (a warm sensor stays quiet).
            Assert.Contains(new OnlineConsole.Core.Alarms.Rules.ConsoleAlarmRules().Evaluate(store), a => a.Active && a.Key == "console/collector/dcs-mqtt");
            Assert.DoesNotContain(new OnlineConsole.Core.Alarms.Rules.DcsAlarmRules().Evaluate(store), a => a.Active);
            var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => collector.SendAsync(channel.SetTopic!, "1400", CancellationToken.None));
            Assert.Contains("not connected", failed.Message, StringComparison.Ordinal);

            await broker.StartAgainAsync();
            module.Dispose();
            module = await ClientAsync(broker, "module-again");
            await Poll.UntilAsync(() => collector.Health.Snapshot().State == CollectorState.Running && collector.Health.Snapshot().ConsecutiveFailures == 0, TimeSpan.FromSeconds(40), "reconnected");
            await PublishAsync(module, Vmon, "1500");
            await Poll.UntilAsync(() => store.DcsFreshness(vmon, DateTimeOffset.UtcNow) == Freshness.Fresh && vmon.Latest!.Value == 1500, Deadline, "fresh again without a restart");
            Assert.NotNull(command);
        }
        finally
        {
            module.Dispose();
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_demonstrator_over_the_broker_fills_the_store_and_obeys_a_command_sent_through_the_collector()
    {
        await using var broker = await MosquittoServer.StartAsync();
        var sim = new OnlineConsole.Collectors.Simulation.SimulatorOptions
        {
            FrameInterval = TimeSpan.FromMilliseconds(200), DcsCrates = 1, DcsBoards = 2, DcsChannels = 4, DcsLvChannels = 2, DcsSensorAreas = 1, DcsSensorsPerArea = 5,
            DcsRampRate = 200, DcsTripPeriod = TimeSpan.Zero,
        };
        using var demonstrator = new MqttDcsSimulator(Microsoft.Extensions.Options.Options.Create(Options(broker)), Microsoft.Extensions.Options.Options.Create(sim), TimeProvider.System,
            _loggerFactory.CreateLogger<MqttDcsSimulator>());
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, Options(broker));
        await collector.StartAsync(CancellationToken.None);
        await demonstrator.StartAsync(CancellationToken.None);
        try
        {
            // 8 HV channels x 4, 2 LV x 3, 5 sensors x 2.
            await Poll.UntilAsync(() => store.Dcs.Count == 8 * 4 + 2 * 3 + 5 * 2, Deadline, "every demonstrator channel");
            var vset = store.Dcs.Find("dcs/hv/00/01/02/vset")!;
            var vmon = store.Dcs.Find("dcs/hv/00/01/02/vmon")!;
            store.Dcs.BeginCommand(vset, "1234", "erin");
            await collector.SendAsync(vset.SetTopic!, "1234", CancellationToken.None);
            await Poll.UntilAsync(() => vset.Command?.StateAt(DateTimeOffset.UtcNow) == DcsCommandState.Applied, Deadline, "the set value applied by the module's readback");
            await Poll.UntilAsync(() => Math.Abs(vmon.Latest!.Value - 1234) < 1.5, Deadline, "the voltage ramped to it");
            Assert.Equal(0, collector.Health.Snapshot().Malformed);
            Assert.True(demonstrator.Published > 0);
        }
        finally
        {
            await demonstrator.StopAsync(CancellationToken.None);
            await collector.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A site CA, a broker certificate it signed for 127.0.0.1, and an unrelated CA.</summary>
    private (string Ca, string Other, string Cert, string Key) WriteCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=OnlineConsole test site CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=mqtt.daq.test", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=Some other CA", otherKey, HashAlgorithmName.SHA256);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = otherRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var files = (Path.Combine(_dir, "ca.pem"), Path.Combine(_dir, "other.pem"), Path.Combine(_dir, "server.pem"), Path.Combine(_dir, "server.key"));
        File.WriteAllText(files.Item1, ca.ExportCertificatePem());
        File.WriteAllText(files.Item2, other.ExportCertificatePem());
        File.WriteAllText(files.Item3, server.ExportCertificatePem());
        File.WriteAllText(files.Item4, serverKey.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
