using System.Globalization;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Dcs;

/// <summary>One reading of a channel, with the stamp of the collector that brought it.</summary>
public sealed record DcsReading(double Value, string? Text, DateTimeOffset Time, SourceStamp Stamp)
{
    /// <summary>A retained message without its own time: the broker's last value, of unknown age, so never fresh.</summary>
    public bool AgeUnknown { get; init; }

    public string Display => Text ?? Value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>Where a reading stands against its channel's limits.</summary>
public enum DcsLimitState
{
    Within,
    Low,
    High,
    Trip,
}

/// <summary>
/// One slow-control channel: one topic, with its pattern's unit, limits and interval. The configuration is fixed;
/// <see cref="Latest"/> and <see cref="Command"/> are replaced whole by the store, so a page reads a consistent pair
/// of value and time without a lock.
/// </summary>
public sealed class DcsChannel
{
    private volatile DcsReading? _latest;
    private volatile DcsCommand? _command;

    internal DcsChannel(string topic, string group, string name, DcsPointOptions point, string? setTopic)
    {
        Id = topic;
        Group = group;
        Name = name;
        Point = point;
        SetTopic = setTopic;
    }

    /// <summary>The topic, unique per channel.</summary>
    public string Id { get; }
    public string Group { get; }
    public string Name { get; }
    public DcsPointOptions Point { get; }
    public DcsKind Kind => Point.Kind;
    public string Unit => Point.Unit;
    public TimeSpan Interval => Point.Interval;

    /// <summary>Where commands to this channel go; null when it cannot be commanded.</summary>
    public string? SetTopic { get; }

    public DcsReading? Latest { get => _latest; internal set => _latest = value; }
    public DcsCommand? Command { get => _command; internal set => _command = value; }

    public DcsLimitState Check(DcsReading? r) =>
        r is null ? DcsLimitState.Within
        : Kind == DcsKind.Status ? (r.Text == "TRIP" ? DcsLimitState.Trip : DcsLimitState.Within)
        : Point.High is { } h && r.Value > h ? DcsLimitState.High
        : Point.Low is { } l && r.Value < l ? DcsLimitState.Low
        : DcsLimitState.Within;

    /// <summary>"≥ 11.4, ≤ 12.6", empty when the channel has no limits.</summary>
    public string Limits =>
        Kind == DcsKind.Status ? "≠ TRIP"
        : string.Join(", ", new[] { Point.Low is { } l ? "≥ " + l.ToString(CultureInfo.InvariantCulture) : null, Point.High is { } h ? "≤ " + h.ToString(CultureInfo.InvariantCulture) : null }.OfType<string>());

    /// <summary>The command's payload as the module expects it, or why <paramref name="value"/> cannot be sent.</summary>
    public (string? Payload, string? Error) Normalize(string? value)
    {
        if (SetTopic is null) return (null, $"{Id} cannot be commanded.");
        var v = value?.Trim() ?? "";
        if (Kind == DcsKind.Status)
            return DcsPayload.StatusValue(v) switch
            {
                1 => ("ON", null),
                0 => ("OFF", null),
                _ => (null, "A status command is ON or OFF."),
            };
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            return (null, $"'{v}' is not a number.");
        if (Point.SetMin is { } min && number < min || Point.SetMax is { } max && number > max)
            return (null, $"{number.ToString(CultureInfo.InvariantCulture)} {Unit} is outside {Point.SetMin?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}…{Point.SetMax?.ToString(CultureInfo.InvariantCulture) ?? "∞"} {Unit}.");
        return (number.ToString(CultureInfo.InvariantCulture), null);
    }

    internal bool Confirms(DcsCommand c, DcsReading r) =>
        Kind == DcsKind.Status ? string.Equals(r.Text, c.Payload, StringComparison.Ordinal)
        : double.TryParse(c.Payload, NumberStyles.Float, CultureInfo.InvariantCulture, out var target) && Math.Abs(r.Value - target) <= Point.Tolerance;
}

public enum DcsCommandState
{
    Pending,
    Applied,
    Failed,
}

/// <summary>
/// A command to a channel and what became of it: applied when the readback reaches it, failed when sending failed
/// or no readback came before <see cref="Deadline"/>.
/// </summary>
public sealed record DcsCommand(string ChannelId, string Payload, string User, DateTimeOffset SentAt, DateTimeOffset Deadline)
{
    public DcsCommandState State { get; init; } = DcsCommandState.Pending;
    public DateTimeOffset? DoneAt { get; init; }
    public string? Reason { get; init; }

    /// <summary>The state at <paramref name="now"/>: a pending command past its deadline has failed.</summary>
    public DcsCommandState StateAt(DateTimeOffset now) => State == DcsCommandState.Pending && now > Deadline ? DcsCommandState.Failed : State;

    public string? ReasonAt(DateTimeOffset now) => State == DcsCommandState.Pending && now > Deadline ? "no readback within " + (Deadline - SentAt).TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : Reason;
}

/// <summary>One message from the slow control: a topic and its payload.</summary>
public readonly record struct DcsMessage(string Topic, ReadOnlyMemory<byte> Payload, bool Retained = false);

/// <summary>Sends commands to the slow control (the MQTT collector, or the embedded demonstrator).</summary>
public interface IDcsControl
{
    /// <summary>Publishes <paramref name="payload"/> to <paramref name="setTopic"/>; throws when it cannot be sent.</summary>
    Task SendAsync(string setTopic, string payload, CancellationToken ct);
}
