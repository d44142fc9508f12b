namespace OnlineConsole.Collectors.Alerting;

/// <summary>One outside system allowed to post alarms (section "Alarms:Sources:NAME").</summary>
public sealed class AlarmSourceOptions
{
    /// <summary>The bearer token the source sends; never logged or shown. Either this or <see cref="TokenFile"/>.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token (a mounted secret); read once at start, surrounding white space ignored.</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// How often the source is expected to post; the Collectors page shows it stale after a few of these without a
    /// good post. Alertmanager re-sends firing alerts every repeat_interval (4 h by default): keep that below this.
    /// </summary>
    public TimeSpan ExpectedInterval { get; set; } = TimeSpan.FromHours(1);
}
