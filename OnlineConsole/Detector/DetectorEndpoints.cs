using System.Buffers.Binary;
using OnlineConsole.Collectors.Geometry;
using OnlineConsole.Core.Detector;

namespace OnlineConsole.Detector;

/// <summary>
/// Static detector data the browser fetches once and caches: the geometry blob for the DCR views and the SPMT
/// map JSON keyed by GCU id (both built at start from the loaded channel maps).
/// </summary>
public static class DetectorEndpoints
{
    public const string GeometryPath = "/api/detector/geometry.bin";
    public const string SpmtMapPath = "/api/detector/spmt-map.json";

    public static IEndpointRouteBuilder MapDetectorEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var geometry = app.ServiceProvider.GetRequiredService<DetectorGeometry>();
        var blob = GeometryBlob(geometry);
        var map = SpmtMapJson.Build(geometry.Channels, "loaded channel maps");
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{geometry.Count}-{BitConverter.ToString(System.Security.Cryptography.SHA256.HashData(blob), 0, 8).Replace("-", "", StringComparison.Ordinal)}\"");
        app.MapGet(GeometryPath, (HttpContext http) => Cached(http, blob, "application/octet-stream", etag));
        app.MapGet(SpmtMapPath, (HttpContext http) => Cached(http, map, "application/json", etag));
        return app;
    }

    private static IResult Cached(HttpContext http, byte[] body, string contentType, Microsoft.Net.Http.Headers.EntityTagHeaderValue etag)
    {
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.Bytes(body, contentType, entityTag: etag);
    }

    /// <summary>
    /// Geometry in dense index order, struct of arrays, little-endian: u32 count n, u32 LPMT count, f32 x[n],
    /// f32 y[n], f32 z[n] (mm), i32 channel id[n], i32 GCU[n], u16 GCU channel[n] (+ 2 padding bytes when n is
    /// odd), u8 PMT type[n]. Read by dcr-heatmap.js parseGeometry.
    /// </summary>
    public static byte[] GeometryBlob(DetectorGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var n = geometry.Count;
        var pad = 2 * n % 4;
        var bytes = new byte[8 + (20 * n) + (2 * n) + pad + n];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)n);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)geometry.LargeCount);
        var ch = geometry.Channels;
        var at = 8;
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(at + (4 * i))..], ch[i].X);
        at += 4 * n;
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(at + (4 * i))..], ch[i].Y);
        at += 4 * n;
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(at + (4 * i))..], ch[i].Z);
        at += 4 * n;
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteInt32LittleEndian(span[(at + (4 * i))..], ch[i].Id);
        at += 4 * n;
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteInt32LittleEndian(span[(at + (4 * i))..], ch[i].Gcu);
        at += 4 * n;
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteUInt16LittleEndian(span[(at + (2 * i))..], (ushort)ch[i].GcuChannel);
        at += (2 * n) + pad;
        for (var i = 0; i < n; i++) bytes[at + i] = (byte)ch[i].Type;
        return bytes;
    }
}
