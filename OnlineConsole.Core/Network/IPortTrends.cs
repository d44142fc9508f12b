namespace OnlineConsole.Core.Network;

/// <summary>The port history read-only: one port's trend for its chart.</summary>
public interface IPortTrends
{
    PortTrend? Get(string device, string port);
}
