using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>Where the demonstrator's readings go: the store directly, or a real MQTT broker.</summary>
public interface IDcsSink
{
    void Publish(string topic, ReadOnlyMemory<byte> payload, bool retain);
}

/// <summary>
/// A dummy slow control without hardware: HV modules (crate/board/channel) that ramp to their set voltage at a
/// configurable rate and trip on over-current, LV modules, and temperature/humidity sensors, publishing on the
/// topics of <see cref="OnlineConsole.Core.Dcs.DcsOptions.DemonstratorPoints"/>. Readings go out staggered over their
/// interval (a ramping channel every step, so its readback follows the ramp); set values and status are retained,
/// with their time, and sent on change and every 10 s. Same seed, same demonstrator.
/// </summary>
public sealed class DcsDemonstrator
{
    public const double TripCurrent = 130;
    public static readonly TimeSpan TripHold = TimeSpan.FromMinutes(5);
    private const double MicroAmpsPerVolt = 0.05;
    private const int ReadSlots = 5;
    private const int StateSlots = 10;
    private const int EnvSlots = 30;

    private readonly string _prefix;
    private readonly double _rampRate;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly string[] _hvTopics;
    private readonly double[] _vset, _vmon, _imon, _fault;
    private readonly byte[] _status; // 0 off, 1 on, 2 tripped
    private readonly bool[] _changed;
    private readonly string[] _lvTopics;
    private readonly byte[] _lvStatus;
    private readonly bool[] _lvChanged;
    private readonly string[] _envTopics;
    private readonly double[] _envBase;
    private readonly Dictionary<string, (bool Hv, int Index, bool Power)> _setTopics = new(StringComparer.Ordinal);
    private readonly byte[] _buffer = new byte[64];

    // Full topics built once: a reading a second on 90,000 channels must not build a string each.
    private readonly Dictionary<(string, string), string> _topics = [];
    private long _step;
    private int _tripped = -1;
    private DateTimeOffset _trippedAt;
    private DateTimeOffset _nextFault;
    private DateTimeOffset _started;

    public DcsDemonstrator(int seed, string prefix, int crates, int boards, int channels, int lvChannels, int sensorAreas, int sensorsPerArea, double rampRate, TimeSpan tripPeriod)
    {
        _prefix = prefix;
        _rampRate = rampRate;
        TripPeriod = tripPeriod;
        _random = new Random(seed ^ 0x0dc5);
        var hv = crates * boards * channels;
        _hvTopics = new string[hv];
        _vset = new double[hv];
        _vmon = new double[hv];
        _imon = new double[hv];
        _fault = new double[hv];
        _status = new byte[hv];
        _changed = new bool[hv];
        var i = 0;
        for (var c = 0; c < crates; c++)
            for (var b = 0; b < boards; b++)
                for (var ch = 0; ch < channels; ch++, i++)
                {
                    _hvTopics[i] = string.Create(CultureInfo.InvariantCulture, $"{prefix}/hv/{c:00}/{b:00}/{ch:00}/");
                    // PMTs run at their own gain-matched voltage, 1700-1900 V.
                    _vset[i] = Math.Round(1700 + _random.NextDouble() * 200);
                    _vmon[i] = _vset[i];
                    _status[i] = 1;
                    _changed[i] = true;
                    _setTopics[_hvTopics[i] + "set/vset"] = (true, i, false);
                    _setTopics[_hvTopics[i] + "set/power"] = (true, i, true);
                }
        _lvTopics = new string[crates * lvChannels];
        _lvStatus = new byte[_lvTopics.Length];
        _lvChanged = new bool[_lvTopics.Length];
        for (var c = 0; c < crates; c++)
            for (var ch = 0; ch < lvChannels; ch++)
            {
                var k = c * lvChannels + ch;
                _lvTopics[k] = string.Create(CultureInfo.InvariantCulture, $"{prefix}/lv/{c:00}/{ch:00}/");
                _lvStatus[k] = 1;
                _lvChanged[k] = true;
                _setTopics[_lvTopics[k] + "set/power"] = (false, k, true);
            }
        _envTopics = new string[sensorAreas * sensorsPerArea];
        _envBase = new double[_envTopics.Length];
        for (var a = 0; a < sensorAreas; a++)
            for (var s = 0; s < sensorsPerArea; s++)
            {
                var k = a * sensorsPerArea + s;
                _envTopics[k] = string.Create(CultureInfo.InvariantCulture, $"{prefix}/env/area-{a + 1:00}/s{s:0000}/");
                _envBase[k] = 20 + a * 0.4 + _random.NextDouble();
            }
    }

    public TimeSpan TripPeriod { get; }
    public int HvChannels => _hvTopics.Length;

    /// <summary>Topics a set command may go to (for the MQTT side's subscription).</summary>
    public IReadOnlyList<string> CommandFilters => [_prefix + "/hv/+/+/+/set/+", _prefix + "/lv/+/+/set/+"];

    public double VoltageOf(int hv) { lock (_gate) return _vmon[hv]; }
    public string TopicOf(int hv) => _hvTopics[hv];

    /// <summary>Applies a command as a module would: a new set voltage (clamped to 0-2000 V), or power ON/OFF.</summary>
    /// <returns>False when the topic or payload is not one the modules know.</returns>
    public bool Command(string setTopic, string payload)
    {
        if (!_setTopics.TryGetValue(setTopic, out var target)) return false;
        var word = payload.Trim().ToUpperInvariant();
        lock (_gate)
        {
            if (target.Power)
            {
                if (word is not ("ON" or "OFF")) return false;
                var on = word == "ON";
                if (target.Hv)
                {
                    _status[target.Index] = on ? (byte)1 : (byte)0;
                    // Switching on again resets a trip and its fault.
                    if (on && target.Index == _tripped) { _tripped = -1; _fault[target.Index] = 0; }
                    _changed[target.Index] = true;
                }
                else
                {
                    _lvStatus[target.Index] = on ? (byte)1 : (byte)0;
                    _lvChanged[target.Index] = true;
                }
                return true;
            }
            if (!double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v)) return false;
            _vset[target.Index] = Math.Clamp(v, 0, 2000);
            _changed[target.Index] = true;
            return true;
        }
    }

    /// <summary>One step of <paramref name="dt"/>: modules move, and what is due is published.</summary>
    public void Step(DateTimeOffset now, TimeSpan dt, IDcsSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            var step = _step++;
            if (_nextFault == default) _nextFault = now + TripPeriod / 2;
            StartOrEndFault(now);
            var maxMove = _rampRate * dt.TotalSeconds;
            for (var i = 0; i < _hvTopics.Length; i++)
            {
                var target = _status[i] == 1 ? _vset[i] : 0;
                var ramping = Math.Abs(_vmon[i] - target) > 0.5;
                // A trip drops the voltage ten times faster than a ramp.
                var move = _status[i] == 2 ? maxMove * 10 : maxMove;
                if (ramping) _vmon[i] += Math.Clamp(target - _vmon[i], -move, move);
                if (_fault[i] > 0 && _status[i] == 0)
                {
                    // Switched off before it tripped: the fault goes with the voltage.
                    _fault[i] = 0;
                    if (_tripped == i) _tripped = -1;
                }
                if (_fault[i] > 0) _fault[i] += 8 * dt.TotalSeconds;
                _imon[i] = _vmon[i] * MicroAmpsPerVolt + _fault[i];
                if (_status[i] == 1 && _imon[i] > TripCurrent)
                {
                    _status[i] = 2;
                    _fault[i] = 0;
                    _changed[i] = true;
                    _trippedAt = now;
                }
                if (ramping || _fault[i] > 0 || i % ReadSlots == step % ReadSlots)
                {
                    PublishNumber(sink, _hvTopics[i], "vmon", _vmon[i] + Noise(0.3));
                    PublishNumber(sink, _hvTopics[i], "imon", Math.Max(0, _imon[i] + Noise(0.2)));
                }
                if (_changed[i] || i % StateSlots == step % StateSlots)
                {
                    _changed[i] = false;
                    PublishState(sink, Topic(_hvTopics[i], "vset"), _vset[i].ToString("0.##", CultureInfo.InvariantCulture), now);
                    PublishState(sink, Topic(_hvTopics[i], "status"), "\"" + StatusWord(_status[i]) + "\"", now);
                }
            }
            for (var k = 0; k < _lvTopics.Length; k++)
            {
                var on = _lvStatus[k] == 1;
                if (k % ReadSlots == step % ReadSlots)
                {
                    PublishNumber(sink, _lvTopics[k], "vmon", on ? 12 + Noise(0.05) : 0);
                    PublishNumber(sink, _lvTopics[k], "imon", on ? 5 + Noise(0.2) : 0);
                }
                if (_lvChanged[k] || k % StateSlots == step % StateSlots)
                {
                    _lvChanged[k] = false;
                    PublishState(sink, Topic(_lvTopics[k], "status"), "\"" + StatusWord(_lvStatus[k]) + "\"", now);
                }
            }
            // One sensor of the first area runs warm for two minutes of every fifteen, from ten minutes after start
            // (counted from the start, not the clock, so a short run never sees it): a temperature alarm to see.
            if (_started == default) _started = now;
            var warm = (now - _started).TotalSeconds % 900 is >= 600 and < 720;
            for (var k = 0; k < _envTopics.Length; k++)
            {
                if (k % EnvSlots != step % EnvSlots) continue;
                PublishNumber(sink, _envTopics[k], "temperature", _envBase[k] + (k == 7 && warm ? 11 : 0) + Noise(0.1));
                PublishNumber(sink, _envTopics[k], "humidity", 45 + (_envBase[k] - 20) * 3 + Noise(0.5));
            }
        }
    }

    // One fault at a time: every TripPeriod a channel that is on starts drawing more current until it trips; a trip
    // nobody resets is reset after TripHold, so a long demonstration does not gather trips.
    private void StartOrEndFault(DateTimeOffset now)
    {
        if (_tripped >= 0 && _status[_tripped] == 2 && now - _trippedAt > TripHold)
        {
            _status[_tripped] = 1;
            _changed[_tripped] = true;
            _tripped = -1;
        }
        if (TripPeriod <= TimeSpan.Zero || now < _nextFault || _tripped >= 0 || _hvTopics.Length == 0) return;
        _nextFault = now + TripPeriod;
        var i = _random.Next(_hvTopics.Length);
        if (_status[i] != 1) return;
        _tripped = i;
        _fault[i] = 1;
    }

    private static string StatusWord(byte s) => s switch { 1 => "ON", 0 => "OFF", _ => "TRIP" };

    private double Noise(double scale) => (_random.NextDouble() * 2 - 1) * scale;

    private string Topic(string channel, string leaf)
    {
        if (!_topics.TryGetValue((channel, leaf), out var topic)) _topics[(channel, leaf)] = topic = channel + leaf;
        return topic;
    }

    private void PublishNumber(IDcsSink sink, string channel, string leaf, double value)
    {
        Utf8Formatter.TryFormat(Math.Round(value, 3), _buffer, out var written);
        sink.Publish(Topic(channel, leaf), _buffer.AsSpan(0, written).ToArray(), retain: false);
    }

    private static void PublishState(IDcsSink sink, string topic, string jsonValue, DateTimeOffset now) =>
        sink.Publish(topic, Encoding.UTF8.GetBytes("{\"value\":" + jsonValue + ",\"time\":\"" + now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "\"}"), retain: true);
}
