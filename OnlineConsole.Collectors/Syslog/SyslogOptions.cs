using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Syslog;

/// <summary>
/// The syslog receiver (section "Syslog"; runs when Enabled). Unprivileged ports by default: point switches at
/// 5514, or redirect 514 there with the firewall.
/// </summary>
public sealed class SyslogOptions : IValidatableOptions
{
    public const string Section = "Syslog";

    public bool Enabled { get; set; }
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>UDP port (RFC 5426); 0 turns UDP off.</summary>
    public int UdpPort { get; set; } = 5514;

    /// <summary>TCP port (RFC 6587: octet counting or LF-terminated frames); 0 turns TCP off.</summary>
    public int TcpPort { get; set; } = 5514;

    /// <summary>Longest message accepted; longer ones are counted as malformed (RFC 5424 asks receivers for 2048 at least).</summary>
    public int MaxMessageBytes { get; set; } = 8_192;

    /// <summary>
    /// The UDP socket's receive buffer. The kernel caps it at net.core.rmem_max (Debian: 212992): raise that
    /// (sysctl -w net.core.rmem_max=8388608) for bursts, see the README.
    /// </summary>
    public int ReceiveBufferBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The time zone of RFC 3164 timestamps, which carry none (an IANA or Windows id).</summary>
    public string LegacyTimeZone { get; set; } = "UTC";

    public int MaxConnections { get; set; } = 1_000;

    /// <summary>A pattern's alarm clears when the sender has not repeated it for this long (unless its Clear pattern came first).</summary>
    public TimeSpan AlarmHold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Texts that raise alarms, with the device as subject, besides the built-in ones (a pattern named like a built-in one replaces it).</summary>
    public List<SyslogPattern> Patterns { get; set; } = [];

    /// <summary>The built-in patterns: fan, power supply, temperature, link flap, failed login (<see cref="SyslogPattern.Defaults"/>).</summary>
    public bool BuiltInPatterns { get; set; } = true;

    /// <summary>What is matched: the built-in patterns not replaced, then the configured ones.</summary>
    public IReadOnlyList<SyslogPattern> EffectivePatterns() =>
        [.. (BuiltInPatterns ? SyslogPattern.Defaults() : []).Where(d => !Patterns.Any(p => p.Name == d.Name)), .. Patterns];

    public IEnumerable<string> Validate()
    {
        if (!System.Net.IPAddress.TryParse(BindAddress, out _)) yield return $"{Section}:BindAddress '{BindAddress}' is not an IP address.";
        if (UdpPort is < 0 or > 65535) yield return $"{Section}:UdpPort must be between 0 and 65535.";
        if (TcpPort is < 0 or > 65535) yield return $"{Section}:TcpPort must be between 0 and 65535.";
        if (UdpPort == 0 && TcpPort == 0) yield return $"{Section}: UdpPort and TcpPort are both 0: nothing would be received.";
        if (MaxMessageBytes is < 480 or > 65_000) yield return $"{Section}:MaxMessageBytes must be between 480 and 65000 (is {MaxMessageBytes}).";
        if (ReceiveBufferBytes is < 65_536 or > 1_073_741_824) yield return $"{Section}:ReceiveBufferBytes must be between 65536 and 1073741824.";
        if (MaxConnections is < 1 or > 100_000) yield return $"{Section}:MaxConnections must be between 1 and 100000.";
        if (AlarmHold < TimeSpan.FromSeconds(1)) yield return $"{Section}:AlarmHold must be at least 1 s.";
        string? zoneError = null;
        try { TimeZoneInfo.FindSystemTimeZoneById(LegacyTimeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException) { zoneError = ex.Message; }
        if (zoneError is not null) yield return $"{Section}:LegacyTimeZone '{LegacyTimeZone}' is not a known time zone.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Patterns.Count; i++)
        {
            var p = Patterns[i];
            if (string.IsNullOrWhiteSpace(p.Name)) yield return $"{Section}:Patterns:{i}:Name is required.";
            else if (!names.Add(p.Name)) yield return $"{Section}:Patterns:{i}:Name '{p.Name}' is used twice.";
            foreach (var (field, regex) in new[] { ("Match", p.Match), ("Clear", p.Clear) })
            {
                if (field == "Match" && string.IsNullOrEmpty(regex)) { yield return $"{Section}:Patterns:{i}:Match is required."; continue; }
                if (string.IsNullOrEmpty(regex)) continue;
                string? bad = null;
                try { _ = SyslogPattern.Compile(regex); }
                catch (ArgumentException ex) { bad = ex.Message; }
                catch (NotSupportedException ex) { bad = ex.Message; }
                if (bad is not null) yield return $"{Section}:Patterns:{i}:{field} is not a usable regular expression: {bad}";
            }
            if (!Enum.IsDefined(p.Severity)) yield return $"{Section}:Patterns:{i}:Severity must be Warning, Minor, Major or Critical.";
        }
    }
}

/// <summary>A syslog text that raises an alarm on the sending device.</summary>
public sealed class SyslogPattern
{
    public string Name { get; set; } = "";

    /// <summary>A regular expression (case-insensitive, no backtracking) over the message text.</summary>
    public string Match { get; set; } = "";

    /// <summary>When the same device then sends a text matching this, the alarm clears at once.</summary>
    public string? Clear { get; set; }

    public AlarmSeverity Severity { get; set; } = AlarmSeverity.Major;
    public string? Guidance { get; set; }

    public static System.Text.RegularExpressions.Regex Compile(string pattern) =>
        new(pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant
            | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

    /// <summary>Switch hardware and logins, in the words Cumulus/Arista/Cisco/Huawei-style switches and sshd use.</summary>
    public static List<SyslogPattern> Defaults() =>
    [
        new() { Name = "fan", Match = @"\bfan(\d+|s)?\b.*\b(fail|failed|failure|fault|absent|removed|stopped|not (spinning|present))", Clear = @"\bfan(\d+|s)?\b.*\b(ok|normal|recovered|inserted|restored)\b", Severity = AlarmSeverity.Major,
            Guidance = "A fan of this device failed. Check the device's fan tray and its temperature; call the network on-call to replace it." },
        new() { Name = "power-supply", Match = @"\b(power supply|psu|pwr)\b.*\b(fail|failed|failure|fault|absent|removed|lost|off|down)\b", Clear = @"\b(power supply|psu|pwr)\b.*\b(ok|normal|recovered|restored|on|up)\b", Severity = AlarmSeverity.Major,
            Guidance = "A power supply of this device is down: it runs without redundancy. Check its feed; call the network on-call." },
        new() { Name = "temperature", Match = @"\btemp(erature)?\b.*\b(high|over|exceed|exceeded|critical|alarm|threshold)\b", Clear = @"\btemp(erature)?\b.*\b(normal|ok|recovered|cleared)\b", Severity = AlarmSeverity.Major,
            Guidance = "The device reports a high temperature. Check the rack's cooling and the device's fans." },
        new() { Name = "link-flap", Match = @"\b(flap|flapping|link.*(up|down).*(up|down)|err-?disabled)\b", Severity = AlarmSeverity.Minor,
            Guidance = "A port is going up and down. Check the cable or optic on the Network page; the port's counters show the errors." },
        new() { Name = "failed-login", Match = @"\b(failed password|authentication fail(ure|ed)|login fail(ed|ure)|invalid user)\b", Severity = AlarmSeverity.Warning,
            Guidance = "Failed logins on this device. One is a typo; many from one address are an attack: tell the network security contact." },
    ];
}
