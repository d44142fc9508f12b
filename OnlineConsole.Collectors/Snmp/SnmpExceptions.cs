namespace OnlineConsole.Collectors.Snmp;

/// <summary>Base of every error this library raises about SNMP itself (not argument or cancellation errors).</summary>
public class SnmpException : Exception
{
    public SnmpException()
    {
    }

    public SnmpException(string message) : base(message)
    {
    }

    public SnmpException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>The only exception the decoder throws: the bytes are not a well-formed SNMP message.</summary>
public sealed class SnmpDecodeException : SnmpException
{
    public SnmpDecodeException()
    {
    }

    public SnmpDecodeException(string message) : base(message)
    {
    }

    public SnmpDecodeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>No acceptable response arrived after all retries.</summary>
public class SnmpTimeoutException : SnmpException
{
    public SnmpTimeoutException()
    {
    }

    public SnmpTimeoutException(string message) : base(message)
    {
    }

    public SnmpTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>No acceptable response arrived after all retries, but damaged ones did: the agent answers, badly.</summary>
public sealed class SnmpMalformedReplyException : SnmpTimeoutException
{
    public SnmpMalformedReplyException()
    {
    }

    public SnmpMalformedReplyException(string message) : base(message)
    {
    }

    public SnmpMalformedReplyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>The usmStats counters an agent reports when it rejects a request (RFC 3414 section 5).</summary>
public enum UsmError
{
    UnsupportedSecurityLevel = 1,
    NotInTimeWindow = 2,
    UnknownUserName = 3,
    UnknownEngineId = 4,
    WrongDigest = 5,
    DecryptionError = 6,
}

/// <summary>The agent refused an SNMPv3 request (it sent a usmStats Report), or its response could not be decrypted.</summary>
public sealed class SnmpAuthenticationException : SnmpException
{
    public SnmpAuthenticationException()
    {
    }

    public SnmpAuthenticationException(string message) : base(message)
    {
    }

    public SnmpAuthenticationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SnmpAuthenticationException(UsmError reason, string message) : base(message) => Reason = reason;

    public SnmpAuthenticationException(UsmError reason, string message, Exception innerException)
        : base(message, innerException) => Reason = reason;

    public UsmError Reason { get; }
}

/// <summary>error-status values of a Response-PDU (RFC 3416 section 3).</summary>
public enum SnmpErrorStatus
{
    NoError = 0,
    TooBig = 1,
    NoSuchName = 2,
    BadValue = 3,
    ReadOnly = 4,
    GenErr = 5,
    NoAccess = 6,
    WrongType = 7,
    WrongLength = 8,
    WrongEncoding = 9,
    WrongValue = 10,
    NoCreation = 11,
    InconsistentValue = 12,
    ResourceUnavailable = 13,
    CommitFailed = 14,
    UndoFailed = 15,
    AuthorizationError = 16,
    NotWritable = 17,
    InconsistentName = 18,
}

/// <summary>The agent answered with a non-zero error-status.</summary>
public sealed class SnmpErrorException : SnmpException
{
    public SnmpErrorException()
    {
    }

    public SnmpErrorException(string message) : base(message)
    {
    }

    public SnmpErrorException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SnmpErrorException(SnmpErrorStatus status, int index)
        : base(FormattableString.Invariant($"Agent answered {status} (error-index {index})."))
    {
        Status = status;
        Index = index;
    }

    public SnmpErrorStatus Status { get; }

    /// <summary>1-based position of the offending variable binding, 0 when none applies.</summary>
    public int Index { get; }
}
