namespace OnlineConsole.Core.Network;

public enum DeviceRole
{
    CoreSwitch,
    EdgeSwitch,
    Server,
}
