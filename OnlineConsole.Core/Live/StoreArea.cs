namespace OnlineConsole.Core.Live;

/// <summary>The areas of the live store; subscribers name the ones they show.</summary>
[Flags]
public enum StoreArea
{
    None = 0,
    Run = 1,
    Channels = 2,
    Network = 4,
    Services = 8,
    Collectors = 16,
    Alarms = 32,

    /// <summary>The state areas; the message streams below change many times a second and are asked for by name.</summary>
    All = Run | Channels | Network | Services | Collectors | Alarms,
    Logs = 64,
    Metrics = 128,
    Histograms = 256,

    /// <summary>Slow-control channels: up to tens of thousands of readings a second, asked for by name.</summary>
    Dcs = 512,
}
