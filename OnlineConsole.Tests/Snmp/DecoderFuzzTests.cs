using System.Diagnostics;
using System.Net;
using OnlineConsole.Collectors.Snmp;
using Xunit;
using Xunit.Abstractions;
using static OnlineConsole.Tests.Snmp.Captures;

namespace OnlineConsole.Tests.Snmp;

/// <summary>Seeded, deterministic mutation fuzzing of the decoder: nothing but SnmpDecodeException may escape.</summary>
[Trait("Category", "Unit")]
public class DecoderFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 100_000;
    private static readonly byte[] InterestingLengthBytes = [0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xFF];

    [Fact]
    public void Mutated_and_random_packets_only_ever_raise_SnmpDecodeException()
    {
        var seeds = Seeds();
        var lengthOffsets = seeds.Select(seed => LengthOffsets(seed.Bytes)).ToArray();
        var random = new Random(20_240_611);
        int accepted = 0, rejected = 0;
        var stopwatch = Stopwatch.StartNew();

        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            int index = random.Next(seeds.Length);
            byte[] input = seeds[index].Bytes;
            for (int rounds = random.Next(1, 4); rounds > 0; rounds--)
            {
                input = Mutate(random, input, lengthOffsets[index], seeds);
            }
            try
            {
                if (seeds[index].IsScopedPdu)
                {
                    SnmpCodec.DecodeScopedPdu(input);
                }
                else
                {
                    SnmpCodec.Decode(input);
                }
                accepted++;
            }
            catch (SnmpDecodeException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Iteration {iteration}: {e.GetType().Name} escaped for input {Convert.ToHexString(input)}: {e}");
            }
        }

        output.WriteLine($"{Iterations} inputs in {stopwatch.ElapsedMilliseconds} ms: {accepted} decoded, {rejected} rejected.");
        Assert.True(accepted > Iterations / 100, "the mutations should leave some inputs decodable");
        Assert.True(rejected > Iterations / 2, "most mutations should be rejected");
    }

    private static byte[] Mutate(Random random, byte[] input, List<int> lengthOffsets, (byte[] Bytes, bool IsScopedPdu)[] seeds)
    {
        byte[] result = input.ToArray();
        switch (random.Next(8))
        {
            case 0:
                for (int flips = random.Next(1, 5); flips > 0 && result.Length > 0; flips--)
                {
                    result[random.Next(result.Length)] ^= (byte)(1 << random.Next(8));
                }
                return result;
            case 1:
                return result[..random.Next(result.Length + 1)];
            case 2:
                // Length fields of the original structure (offsets may be stale after earlier rounds; still fine).
                int at = lengthOffsets[random.Next(lengthOffsets.Count)];
                if (at < result.Length)
                {
                    result[at] = random.Next(3) == 0 ? (byte)random.Next(256) : InterestingLengthBytes[random.Next(InterestingLengthBytes.Length)];
                }
                return result;
            case 3:
                if (result.Length > 0)
                {
                    result[random.Next(result.Length)] = (byte)random.Next(256);
                }
                return result;
            case 4:
                byte[] inserted = new byte[random.Next(1, 9)];
                random.NextBytes(inserted);
                int position = random.Next(result.Length + 1);
                return [.. result[..position], .. inserted, .. result[position..]];
            case 5:
                int start = random.Next(result.Length + 1);
                int end = random.Next(start, result.Length + 1);
                return [.. result[..start], .. result[end..]];
            case 6:
                byte[] other = seeds[random.Next(seeds.Length)].Bytes;
                return [.. result[..random.Next(result.Length + 1)], .. other[random.Next(other.Length + 1)..]];
            default:
                byte[] noise = new byte[random.Next(301)];
                random.NextBytes(noise);
                if (noise.Length > 0 && random.Next(2) == 0)
                {
                    noise[0] = 0x30;
                }
                return noise;
        }
    }

    private static (byte[] Bytes, bool IsScopedPdu)[] Seeds()
    {
        VarBind[] everyType =
        [
            new(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("Linux test host")),
            new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.8072.3.2.10"))),
            new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(uint.MaxValue)),
            new(Oid.Parse("1.3.6.1.2.1.2.2.1.3.1"), SnmpValue.Integer(int.MinValue)),
            new(Oid.Parse("1.3.6.1.2.1.2.2.1.10.1"), SnmpValue.Counter32(0x8000_0000)),
            new(Oid.Parse("1.3.6.1.2.1.2.2.1.5.1"), SnmpValue.Gauge32(1_000_000_000)),
            new(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6.1"), SnmpValue.Counter64(ulong.MaxValue)),
            new(Oid.Parse("1.3.6.1.2.1.4.20.1.1.127.0.0.1"), SnmpValue.IpAddress(IPAddress.Loopback)),
            new(Oid.Parse("1.3.6.1.4.1.2021.10.1.6.1"), SnmpValue.Opaque([0x9F, 0x78, 0x04, 0x3F, 0x80, 0, 0])),
            new(Oid.Parse("1.3.6.1.4.1.268435456.4294967295"), SnmpValue.Null),
            new(Oid.Parse("1.3.6.1.2.1.1.99.0"), SnmpValue.NoSuchObject),
            new(Oid.Parse("1.3.6.1.2.1.1.1.1"), SnmpValue.NoSuchInstance),
            new(Oid.Parse("1.9"), SnmpValue.EndOfMibView),
            new(Oid.Parse("1.3.6.1.2.1.1.4.0"), SnmpValue.OctetString(new byte[200])),
        ];
        var pdu = new SnmpPdu(PduType.GetResponse, 0x1234567, 0, 0, everyType);
        byte[] scoped = SnmpCodec.EncodeScopedPdu(new ScopedPdu(EngineId, [], pdu));
        var security = new UsmSecurityParameters(EngineId, 1, 12, "alice"u8.ToArray(), new byte[12], []);
        byte[] plainV3 = SnmpCodec.EncodeUsm(77, 65507, MessageFlags.Auth, security, scoped, out _);

        return
        [
            (V2cGetRequest, false), (V2cGetResponse, false), (V2cBulkRequest, false), (V2cBulkResponse, false),
            (V2cMissingResponse, false), (V2cEndOfMibViewResponse, false), (V3DiscoveryRequest, false), (V3DiscoveryReport, false),
            (V3Sha1AesRequest, false), (V3Sha1AesResponse, false), (V3Sha256AesRequest, false), (V3Sha256AesResponse, false),
            (SnmpCodec.EncodeCommunity("public"u8, pdu), false), (plainV3, false), (scoped, true),
        ];
    }

    /// <summary>Offsets of every length field in a valid seed, found by walking its TLV structure.</summary>
    private static List<int> LengthOffsets(byte[] seed)
    {
        var offsets = new List<int>();
        Walk(seed, 0, seed.Length, offsets);
        return offsets;
    }

    private static bool Walk(byte[] data, int start, int end, List<int> offsets)
    {
        for (int p = start; p < end;)
        {
            if (p + 2 > end)
            {
                return false;
            }
            byte tag = data[p];
            int lengthAt = p + 1;
            int contentStart = lengthAt + 1;
            int length = data[lengthAt];
            if (length >= 0x80)
            {
                int count = length & 0x7F;
                if (count is 0 or > 3 || contentStart + count > end)
                {
                    return false;
                }
                length = 0;
                for (int i = 0; i < count; i++)
                {
                    length = (length << 8) | data[contentStart + i];
                }
                contentStart += count;
            }
            if (contentStart + length > end)
            {
                return false;
            }
            offsets.Add(lengthAt);
            // Constructed elements, and the OCTET STRING that wraps the USM parameters.
            bool constructed = (tag & 0x20) != 0;
            if (constructed || (tag == 0x04 && length > 0 && data[contentStart] == 0x30))
            {
                var inner = new List<int>();
                if (Walk(data, contentStart, contentStart + length, inner))
                {
                    offsets.AddRange(inner);
                }
                else if (constructed)
                {
                    return false;
                }
            }
            p = contentStart + length;
        }
        return true;
    }
}
