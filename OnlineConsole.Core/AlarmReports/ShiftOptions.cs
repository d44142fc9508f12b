namespace OnlineConsole.Core.AlarmReports;

/// <summary>A shift starts at <see cref="Start"/> (site time) and lasts until the next shift starts.</summary>
public sealed class ShiftOptions
{
    /// <summary>Shown beside the hours; empty shows the hours alone.</summary>
    public string Name { get; set; } = "";

    public TimeSpan Start { get; set; }
}
