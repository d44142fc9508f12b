namespace OnlineConsole.Core.Alarms;

/// <summary>The ISA-18.2 states an alarm is shown in (out of service and shelved win over the others).</summary>
public enum AlarmState
{
    Normal,
    ActiveUnacknowledged,
    ActiveAcknowledged,
    /// <summary>The condition cleared but the alarm is latched until someone acknowledges it.</summary>
    ReturnedUnacknowledged,
    Shelved,
    OutOfService,
}
