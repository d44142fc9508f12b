using System.Buffers.Binary;
using System.IO.Compression;

namespace OnlineConsole.Core.Detector;

/// <summary>A decoded frame (see <see cref="DcrFrameCodec"/>).</summary>
public sealed record DcrFrame(DcrFrameKind Kind, uint Sequence, uint BaseSequence, double SourceUnixMs, double SentUnixMs, byte[] Codes, IReadOnlyDictionary<int, byte> Exceptions);
