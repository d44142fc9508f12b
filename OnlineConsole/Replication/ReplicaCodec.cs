using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnlineConsole.Replication;

/// <summary>How a message travels on the replica bus: JSON (enums by name, as in the database), gzip-compressed.</summary>
public static class ReplicaCodec
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static byte[] Encode<T>(T message)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            JsonSerializer.Serialize(gzip, message, Json);
        return buffer.ToArray();
    }

    public static T Decode<T>(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<T>(input, Json) ?? throw new JsonException("empty message");
    }
}
