using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Protocol;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Dcs;

/// <summary>
/// Slow control over MQTT (MQTTnet 5): subscribes to every configured channel pattern, puts what arrives into the
/// DCS area in batches, and publishes expert commands to the channels' set topics. A lost broker fails the run (the
/// base retries with backoff) and every DCS value turns stale at once; retained messages arrive on each reconnect.
/// </summary>
public sealed class DcsMqttCollector : CollectorService, IDcsControl
{
    private readonly DcsMqttOptions _options;
    private readonly ILogger<DcsMqttCollector> _logger;
    private readonly DcsIngest _ingest;
    private volatile IMqttClient? _connected;

    public DcsMqttCollector(LiveStore store, IOptions<DcsMqttOptions> options, ILogger<DcsMqttCollector> logger)
        : base(store, logger, "dcs-mqtt", options.Value.Source, TimeSpan.FromSeconds(1))
    {
        _options = options.Value;
        _logger = logger;
        _ingest = new DcsIngest(store, Health, logger, _options.Source);
    }

    public async Task SendAsync(string setTopic, string payload, CancellationToken ct)
    {
        var client = _connected ?? throw new InvalidOperationException($"The slow-control broker {_options.Source} is not connected; the command was not sent.");
        var result = await client.PublishAsync(MqttConnection.Message(setTopic, System.Text.Encoding.UTF8.GetBytes(payload), retain: false), ct);
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
            throw new InvalidOperationException($"{_options.Source} refused the command on {setTopic}: {result.ReasonCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : " (" + result.ReasonString + ")")}.");
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = Channel.CreateBounded<DcsMessage>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            var message = new DcsMessage(m.Topic, m.Payload.ToArray(), m.Retain);
            // Waiting here holds the broker back (TCP backpressure) instead of dropping when the store falls behind.
            return queue.Writer.TryWrite(message) ? Task.CompletedTask : queue.Writer.WriteAsync(message, stoppingToken).AsTask();
        };
        client.DisconnectedAsync += e =>
        {
            lost.TrySetResult(e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString());
            return Task.CompletedTask;
        };
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        connectTimeout.CancelAfter(_options.ConnectTimeout * 2);
        MqttClientConnectResult connected;
        try
        {
            connected = await client.ConnectAsync(MqttConnection.Options(_options, "online-console-" + Environment.MachineName), connectTimeout.Token);
        }
        catch (MqttConnectingFailedException ex)
        {
            throw new InvalidOperationException($"{_options.Source} refused the connection: {ex.Message}", ex);
        }
        MqttConnection.EnsureConnected(connected, _options);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in Store.Dcs.Filters) subscribe = subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce));
        var subscribed = await client.SubscribeAsync(subscribe.Build(), stoppingToken);
        if (subscribed.Items.FirstOrDefault(i => (int)i.ResultCode >= 0x80) is { } refused)
            throw new InvalidOperationException($"{_options.Source} refused the subscription to {refused.TopicFilter.Topic}: {refused.ResultCode}.");
        _logger.LogInformation("DCS: connected to {Source}, subscribed to {Filters}", _options.Source, string.Join(", ", Store.Dcs.Filters));
        _connected = client;
        Health.Succeeded(Time.GetUtcNow());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            var drain = DrainAsync(queue.Reader, stop.Token);
            var beat = BeatAsync(client, stop.Token);
            var done = await Task.WhenAny(lost.Task, drain, beat);
            if (done == lost.Task) throw new IOException($"lost the connection to {_options.Source}: {lost.Task.Result}");
            await done;
        }
        finally
        {
            _connected = null;
            await stop.CancelAsync();
        }
    }

    private async Task DrainAsync(ChannelReader<DcsMessage> reader, CancellationToken ct)
    {
        var batch = new List<DcsMessage>(1024);
        while (await reader.WaitToReadAsync(ct))
        {
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var m)) batch.Add(m);
            _ingest.Apply(batch);
            Health.Succeeded(Time.GetUtcNow());
            batch.Clear();
        }
    }

    // A quiet broker is still a live one: the collector stays fresh while connected, each channel by its own readings.
    private async Task BeatAsync(IMqttClient client, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        while (await timer.WaitForNextTickAsync(ct))
            if (client.IsConnected) Health.Succeeded(Time.GetUtcNow());
    }
}
