using System.Diagnostics;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>What the client knows of an agent's SNMP engine: its id and an estimate of its clock (RFC 3414 2.3).</summary>
internal sealed class UsmEngine(byte[] engineId, int boots, int time)
{
    private Clock _clock = new(boots, time, Stopwatch.GetTimestamp());

    public byte[] EngineId { get; } = engineId;

    /// <summary>The engine's boots and its time now, extrapolated from the last value learned.</summary>
    public (int Boots, int Time) Now()
    {
        var clock = Volatile.Read(ref _clock);
        long elapsed = (long)Stopwatch.GetElapsedTime(clock.Timestamp).TotalSeconds;
        return (clock.Boots, (int)Math.Min(int.MaxValue, clock.Time + elapsed));
    }

    /// <summary>Takes the engine's boots and time from an authenticated message it sent.</summary>
    public void Update(int boots, int time) => Volatile.Write(ref _clock, new Clock(boots, time, Stopwatch.GetTimestamp()));

    private sealed record Clock(int Boots, int Time, long Timestamp);
}
