namespace OnlineConsole.Core.Detector;

public static class PmtTypes
{
    public static bool IsLarge(this PmtType t) => t != PmtType.Small;

    public static string Code(this PmtType t) => t switch
    {
        PmtType.Dynode => "HPK",
        PmtType.Mcp => "NNVT",
        _ => "SPMT",
    };

    public static bool TryParse(string code, out PmtType type)
    {
        switch (code.Trim().ToUpperInvariant())
        {
            case "HPK" or "DYNODE": type = PmtType.Dynode; return true;
            case "NNVT" or "MCP": type = PmtType.Mcp; return true;
            case "SPMT" or "SMALL": type = PmtType.Small; return true;
            default: type = default; return false;
        }
    }
}
