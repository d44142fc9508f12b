namespace OnlineConsole.Core.Detector;

/// <summary>PMT families; each has its own dark-count baseline, colour scale and limits.</summary>
public enum PmtType : byte
{
    /// <summary>20-inch Hamamatsu dynode PMT (LPMT).</summary>
    Dynode,
    /// <summary>20-inch NNVT MCP-PMT (LPMT).</summary>
    Mcp,
    /// <summary>3-inch PMT (SPMT).</summary>
    Small,
}
