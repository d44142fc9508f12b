namespace OnlineConsole.Collectors.Supervisor;

/// <summary>A well-formed XML-RPC fault (e.g. 60 ALREADY_STARTED, 70 NOT_RUNNING, 10 BAD_NAME).</summary>
public sealed class SupervisorFaultException : Exception
{
    public SupervisorFaultException() { }

    public SupervisorFaultException(string message) : base(message) { }

    public SupervisorFaultException(string message, Exception inner) : base(message, inner) { }

    public SupervisorFaultException(int code, string faultString) : base($"Fault {code}: {faultString}") => Code = code;

    public int Code { get; }
}
