namespace OnlineConsole.Tests.Snmp;

/// <summary>
/// Datagrams exchanged between net-snmp 5.9.3's tools and snmpd, as printed by their -d option. The v3 ones are for
/// the users in <see cref="Users"/> on engine <see cref="EngineId"/>, engine boots 1.
/// </summary>
internal static class Captures
{
    public static readonly byte[] EngineId = Hex("80 00 1F 88 80 3A FD EF 06 7E 28 02 6B 00 00 00 00");

    /// <summary>snmpget -v2c -c public of sysDescr.0 and sysUpTime.0, and the response.</summary>
    public static readonly byte[] V2cGetRequest = Hex(
        "30 37 02 01 01 04 06 70 75 62 6C 69 63 A0 2A 02 04 5B 6B 72 D2 02 01 00 "
        + "02 01 00 30 1C 30 0C 06 08 2B 06 01 02 01 01 01 00 05 00 30 0C 06 08 2B "
        + "06 01 02 01 01 03 00 05 00");

    public static readonly byte[] V2cGetResponse = Hex(
        "30 73 02 01 01 04 06 70 75 62 6C 69 63 A2 66 02 04 5B 6B 72 D2 02 01 00 "
        + "02 01 00 30 58 30 45 06 08 2B 06 01 02 01 01 01 00 04 39 4C 69 6E 75 78 "
        + "20 76 6D 20 36 2E 31 38 2E 34 34 2D 66 63 2D 76 34 34 35 20 23 31 20 53 "
        + "4D 50 20 50 52 45 45 4D 50 54 5F 44 59 4E 41 4D 49 43 20 40 30 20 78 38 "
        + "36 5F 36 34 30 0F 06 08 2B 06 01 02 01 01 03 00 43 03 00 80 5C");

    /// <summary>snmpbulkget -Cn1 -Cr2 of 1.3.6.1.2.1.1.99.0 (non-repeater) and ifHCInOctets, and the response.</summary>
    public static readonly byte[] V2cBulkRequest = Hex(
        "30 39 02 01 01 04 06 70 75 62 6C 69 63 A5 2C 02 04 45 5B 49 CB 02 01 01 "
        + "02 01 02 30 1E 30 0C 06 08 2B 06 01 02 01 01 63 00 05 00 30 0E 06 0A 2B "
        + "06 01 02 01 1F 01 01 01 06 05 00");

    public static readonly byte[] V2cBulkResponse = Hex(
        "30 51 02 01 01 04 06 70 75 62 6C 69 63 A2 44 02 04 45 5B 49 CB 02 01 00 "
        + "02 01 00 30 36 30 0D 06 08 2B 06 01 02 01 02 01 00 02 01 04 30 13 06 0B "
        + "2B 06 01 02 01 1F 01 01 01 06 01 46 04 05 5F 76 04 30 10 06 0B 2B 06 01 "
        + "02 01 1F 01 01 01 06 02 46 01 00");

    /// <summary>snmpget of 1.3.6.1.2.1.1.99.0 (no such object) and 1.3.6.1.2.1.1.1.1 (no such instance).</summary>
    public static readonly byte[] V2cMissingResponse = Hex(
        "30 37 02 01 01 04 06 70 75 62 6C 69 63 A2 2A 02 04 76 60 B9 71 02 01 00 "
        + "02 01 00 30 1C 30 0C 06 08 2B 06 01 02 01 01 63 00 80 00 30 0C 06 08 2B "
        + "06 01 02 01 01 01 01 81 00");

    /// <summary>snmpgetnext of 1.9: past the end of the MIB view.</summary>
    public static readonly byte[] V2cEndOfMibViewResponse = Hex(
        "30 22 02 01 01 04 06 70 75 62 6C 69 63 A2 15 02 04 08 7E 1A E5 02 01 00 "
        + "02 01 00 30 07 30 05 06 01 31 82 00");

    /// <summary>snmpget -v3 engine discovery, and the agent's usmStatsUnknownEngineIDs report.</summary>
    public static readonly byte[] V3DiscoveryRequest = Hex(
        "30 3E 02 01 03 30 11 02 04 2E 49 94 BA 02 03 00 FF E3 04 01 04 02 01 03 "
        + "04 10 30 0E 04 00 02 01 00 02 01 00 04 00 04 00 04 00 30 14 04 00 04 00 "
        + "A0 0E 02 04 59 5A 3B 2B 02 01 00 02 01 00 30 00");

    public static readonly byte[] V3DiscoveryReport = Hex(
        "30 71 02 01 03 30 11 02 04 2E 49 94 BA 02 03 00 FF E3 04 01 00 02 01 03 "
        + "04 21 30 1F 04 11 80 00 1F 88 80 3A FD EF 06 7E 28 02 6B 00 00 00 00 02 "
        + "01 01 02 01 0C 04 00 04 00 04 00 30 36 04 11 80 00 1F 88 80 3A FD EF 06 "
        + "7E 28 02 6B 00 00 00 00 04 00 A8 1F 02 04 59 5A 3B 2B 02 01 00 02 01 00 "
        + "30 11 30 0F 06 0A 2B 06 01 06 03 0F 01 01 04 00 41 01 01");

    /// <summary>snmpget -v3 -l authPriv -a SHA -x AES of sysName.0 (engine time 12), and the response "vm".</summary>
    public static readonly byte[] V3Sha1AesRequest = Hex(
        "30 81 89 02 01 03 30 11 02 04 2E 49 94 B9 02 03 00 FF E3 04 01 07 02 01 "
        + "03 04 3A 30 38 04 11 80 00 1F 88 80 3A FD EF 06 7E 28 02 6B 00 00 00 00 "
        + "02 01 01 02 01 0C 04 05 61 6C 69 63 65 04 0C DF 63 C2 81 19 C6 A1 71 2E "
        + "C7 EE 12 04 08 21 2D 0A 4C 12 5E 86 B6 04 35 20 33 DB 56 C5 D2 15 EE 0A "
        + "74 45 36 DA 53 4C 28 33 32 04 9E D2 EB 25 02 C7 2A 91 2B 0F CF 40 EC A4 "
        + "B9 18 9E 9A 18 17 0A DC E0 0A 00 80 4D 51 21 87 D3 C8 D5 EF");

    public static readonly byte[] V3Sha1AesResponse = Hex(
        "30 81 8B 02 01 03 30 11 02 04 2E 49 94 B9 02 03 00 FF E3 04 01 03 02 01 "
        + "03 04 3A 30 38 04 11 80 00 1F 88 80 3A FD EF 06 7E 28 02 6B 00 00 00 00 "
        + "02 01 01 02 01 0C 04 05 61 6C 69 63 65 04 0C 58 52 F6 85 FF 93 9C 45 E7 "
        + "84 DF 9C 04 08 B8 D1 9C C0 54 C1 4C 5B 04 37 EA EA 25 C4 42 54 93 DA 14 "
        + "C1 2A 41 49 09 4B 27 89 F1 37 03 EC 90 94 1B 0B 33 8F 48 15 34 BF BE 33 "
        + "10 20 83 C2 6B 2C 97 0E D9 0A 1A D8 33 1A 0D E6 1F EE 28 CB 18 3E");

    /// <summary>The same with -a SHA-256 (engine time 329).</summary>
    public static readonly byte[] V3Sha256AesRequest = Hex(
        "30 81 97 02 01 03 30 11 02 04 16 C3 67 9B 02 03 00 FF E3 04 01 07 02 01 "
        + "03 04 48 30 46 04 11 80 00 1F 88 80 3A FD EF 06 7E 28 02 6B 00 00 00 00 "
        + "02 01 01 02 02 01 49 04 06 62 6F 62 32 35 36 04 18 5A B1 92 0F FE 48 0E "
        + "E3 40 1A 0D 95 FA 5D D8 C8 F7 6F 95 18 62 0E AD C8 04 08 D4 B9 C2 C8 05 "
        + "EB 11 DF 04 35 DD D2 33 15 D9 B9 4A 4B 6D 38 6B EC 52 2C 3F A9 13 6F 33 "
        + "0B C3 3F C8 0F 81 39 DF FD 1B 36 CC A5 89 38 81 16 00 93 50 17 06 E3 66 "
        + "AA 80 45 8E CB D5 54 09 40 48");

    public static readonly byte[] V3Sha256AesResponse = Hex(
        "30 81 99 02 01 03 30 11 02 04 16 C3 67 9B 02 03 00 FF E3 04 01 03 02 01 "
        + "03 04 48 30 46 04 11 80 00 1F 88 80 3A FD EF 06 7E 28 02 6B 00 00 00 00 "
        + "02 01 01 02 02 01 49 04 06 62 6F 62 32 35 36 04 18 E9 F8 DB 85 BE 89 E4 "
        + "C6 96 AB 27 BB 3D 96 40 AB 4C FA B6 69 F4 50 7F E2 04 08 B8 D1 9C C0 54 "
        + "C1 4C 5D 04 37 DD C3 54 30 86 5A 43 23 34 D6 EB 65 74 AF AB 33 95 2C 36 "
        + "06 26 6B 38 12 2E B1 08 A6 E8 98 C1 D9 42 6B 53 FA 9B 41 5D 09 26 0B 77 "
        + "AD 3A ED 1F F7 B2 00 E2 34 AB 66 AF");

    public static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>The createUser lines of the agent the v3 captures came from.</summary>
    public static class Users
    {
        public const string Sha1Name = "alice";
        public const string Sha1AuthPassword = "alicepass1";
        public const string Sha1PrivPassword = "aliceprivpass";
        public const string Sha256Name = "bob256";
        public const string Sha256AuthPassword = "bobauthpass";
        public const string Sha256PrivPassword = "bobprivpass";
    }
}
