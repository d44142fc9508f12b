namespace OnlineConsole.Core.Detector;

public enum ChannelStatus : byte
{
    Missing,
    Ok,
    Low,
    High,
    Dead,
    Hot,
}
