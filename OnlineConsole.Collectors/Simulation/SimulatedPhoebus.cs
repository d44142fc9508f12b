using System.Text.Json;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>
/// A Phoebus alarm server in miniature, writing the records of its configuration topic exactly as the real one does
/// (config:/ and state:/ keys, its JSON): a tree of DCS PVs, one of which goes into alarm every few minutes; a PV's
/// alarm latches until acknowledged; an acknowledgement (from the console, or by a simulated Phoebus operator when
/// nobody acknowledged for 45 s) turns it into *_ACK, or OK when the value is back. Same seed, same alarms.
/// </summary>
public sealed class SimulatedPhoebus
{
    public static readonly TimeSpan AlarmPeriod = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan AlarmLength = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan OperatorAcks = TimeSpan.FromSeconds(45);

    private static readonly (string System, string Pv, string Description, string Message, string Value, string Guidance)[] Pvs =
    [
        ("HV", "JUNO:HV:MAIN:PS1:STATUS", "HV main power supply 1", "STATE_ALARM", "FAULT", "Check the supply's front panel; the crates behind it lose HV. Call the HV expert."),
        ("HV", "JUNO:HV:MAIN:PS2:STATUS", "HV main power supply 2", "STATE_ALARM", "FAULT", "Check the supply's front panel; the crates behind it lose HV. Call the HV expert."),
        ("HV", "JUNO:HV:MAIN:INTERLOCK", "HV interlock chain", "STATE_ALARM", "OPEN", "An open interlock switches every HV channel off. Find which door or sensor opened it."),
        ("Water", "JUNO:WP:PUMP1:FLOW", "Water pool circulation pump 1 flow", "LOLO_ALARM", "2.1", "Low flow: check pump 1 and its valves; switch to pump 2 per the water-system procedure."),
        ("Water", "JUNO:WP:RADON:LEVEL", "Water pool radon level", "HIGH_ALARM", "18.5", "Radon above limit: check the nitrogen flushing; tell the water-system expert."),
        ("Water", "JUNO:WP:LEVEL", "Water pool level", "LOW_ALARM", "42.10", "Level dropping: look for a leak at the filling station; call the water-system on-call."),
        ("LS", "JUNO:LS:OVERFLOW:LEVEL", "Liquid scintillator overflow tank level", "HIGH_ALARM", "0.82", "Overflow tank filling: the LS is expanding; follow the LS level procedure."),
        ("LS", "JUNO:LS:TEMP:CD", "Central detector LS temperature", "HIGH_ALARM", "21.6", "LS warmer than 21.5 °C: check the chiller and the hall air handling."),
        ("Cooling", "JUNO:COOL:CHILLER1:STATUS", "Electronics chiller 1", "STATE_ALARM", "TRIPPED", "Chiller 1 tripped: the redundant chiller must take over; call the cooling on-call."),
        ("Cooling", "JUNO:COOL:RACK:TEMP:MAX", "Hottest electronics rack inlet", "HIHI_ALARM", "35.2", "A rack inlet above 35 °C: check its fans and the chilled water; switch the rack off if it keeps rising."),
        ("Gas", "JUNO:GAS:N2:PRESSURE", "Nitrogen supply pressure", "LOW_ALARM", "1.3", "Low N2 pressure: check the dewar and the regulator; the LS blanket depends on it."),
        ("Environment", "JUNO:ENV:HALL:O2", "Experimental hall oxygen", "LOLO_ALARM", "19.1", "Low oxygen: leave the hall and call safety. Do not re-enter before the all-clear."),
    ];

    private readonly string _root;
    private readonly Random _random;
    private readonly (bool Active, bool Latched, bool Acked, DateTimeOffset Since)[] _state = new (bool, bool, bool, DateTimeOffset)[Pvs.Length];
    private readonly Lock _gate = new();
    private readonly List<(string?, byte[]?)> _pending = [];
    private DateTimeOffset _next;
    private int _current = -1;
    private bool _configured;

    public SimulatedPhoebus(int seed, string config = "JUNO")
    {
        _root = "/" + config;
        Config = config;
        _random = new Random(seed ^ 0x7068);
    }

    public string Config { get; }

    public static string PathOf(string root, int i) => $"{root}/DCS/{Pvs[i].System}/{Pvs[i].Pv}";

    /// <summary>An acknowledgement arriving on the command topic ("command:/path").</summary>
    public bool Acknowledge(string path, DateTimeOffset now)
    {
        lock (_gate)
        {
            var i = Enumerable.Range(0, Pvs.Length).FirstOrDefault(k => PathOf(_root, k) == path, -1);
            if (i < 0 || !_state[i].Latched || _state[i].Acked) return false;
            _state[i].Acked = true;
            if (!_state[i].Active) _state[i].Latched = false;
            _pending.AddRange(StateRecords(i, now));
            return true;
        }
    }

    /// <summary>The records due at <paramref name="now"/>: the whole configuration first, then state changes.</summary>
    public IReadOnlyList<(string? Key, byte[]? Value)> Step(DateTimeOffset now)
    {
        lock (_gate)
        {
            var records = new List<(string?, byte[]?)>();
            if (!_configured)
            {
                _configured = true;
                _next = now + TimeSpan.FromSeconds(20);
                records.Add(("config:" + _root, Json(new { user = "alarm-server", host = "dcs-srv01" })));
                records.Add(("config:" + _root + "/DCS", Json(new { user = "alarm-server", host = "dcs-srv01" })));
                foreach (var system in Pvs.Select(p => p.System).Distinct())
                    records.Add(("config:" + _root + "/DCS/" + system, Json(new { user = "alarm-server", host = "dcs-srv01" })));
                for (var i = 0; i < Pvs.Length; i++)
                {
                    records.Add(("config:" + PathOf(_root, i), Json(new
                    {
                        user = "alarm-server", host = "dcs-srv01", description = Pvs[i].Description,
                        guidance = new[] { new { title = "What to do", details = Pvs[i].Guidance } },
                    })));
                    records.AddRange(StateRecords(i, now));
                }
            }
            if (now >= _next && _current < 0)
            {
                _current = _random.Next(Pvs.Length);
                _state[_current] = (true, true, false, now);
                records.AddRange(StateRecords(_current, now));
            }
            if (_current >= 0 && now - _state[_current].Since >= AlarmLength)
            {
                // The value is back; the alarm stays latched until acknowledged.
                _state[_current].Active = false;
                if (_state[_current].Acked) _state[_current].Latched = false;
                records.AddRange(StateRecords(_current, now));
                _current = -1;
                _next = now + AlarmPeriod;
            }
            for (var i = 0; i < Pvs.Length; i++)
            {
                if (!_state[i].Latched || _state[i].Acked || now - _state[i].Since < OperatorAcks) continue;
                // An operator at a Phoebus client acknowledges what nobody did within 45 s.
                _state[i].Acked = true;
                if (!_state[i].Active) _state[i].Latched = false;
                records.AddRange(StateRecords(i, now));
            }
            records.AddRange(_pending);
            _pending.Clear();
            return records;
        }
    }

    private IEnumerable<(string?, byte[]?)> StateRecords(int i, DateTimeOffset now)
    {
        var (active, latched, acked, _) = _state[i];
        var pv = Pvs[i];
        var major = pv.Message.StartsWith("HIHI", StringComparison.Ordinal) || pv.Message.StartsWith("LOLO", StringComparison.Ordinal) || pv.Message == "STATE_ALARM";
        var level = major ? "MAJOR" : "MINOR";
        var severity = !latched ? "OK" : acked ? level + "_ACK" : level;
        yield return ("state:" + PathOf(_root, i), Json(new Dictionary<string, object>
        {
            ["severity"] = severity,
            ["latch"] = latched && !active,
            ["message"] = latched ? pv.Message : "OK",
            ["value"] = active ? pv.Value : "OK",
            ["time"] = new { seconds = now.ToUnixTimeSeconds(), nano = (int)(now.Ticks % TimeSpan.TicksPerSecond) * 100 },
            ["current_severity"] = active ? level : "OK",
            ["current_message"] = active ? pv.Message : "OK",
        }));
        // The server also states each ancestor's worst severity.
        var worst = Enumerable.Range(0, Pvs.Length).Where(k => Pvs[k].System == pv.System).Select(Rank).Max();
        yield return ("state:" + _root + "/DCS/" + pv.System, Json(new { severity = Names[worst] }));
        yield return ("state:" + _root + "/DCS", Json(new { severity = Names[Enumerable.Range(0, Pvs.Length).Select(Rank).Max()] }));
    }

    private static readonly string[] Names = ["OK", "MINOR_ACK", "MAJOR_ACK", "MINOR", "MAJOR"];

    private int Rank(int k)
    {
        var (_, latched, acked, _) = _state[k];
        if (!latched) return 0;
        var major = Pvs[k].Message.StartsWith("HIHI", StringComparison.Ordinal) || Pvs[k].Message.StartsWith("LOLO", StringComparison.Ordinal) || Pvs[k].Message == "STATE_ALARM";
        return acked ? (major ? 2 : 1) : (major ? 4 : 3);
    }

    private static byte[] Json(object o) => JsonSerializer.SerializeToUtf8Bytes(o);
}
