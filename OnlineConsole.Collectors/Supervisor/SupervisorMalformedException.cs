namespace OnlineConsole.Collectors.Supervisor;

/// <summary>The reply was not the XML-RPC supervisord speaks; counted per source, never fatal.</summary>
public sealed class SupervisorMalformedException : Exception
{
    public SupervisorMalformedException() { }

    public SupervisorMalformedException(string message) : base(message) { }

    public SupervisorMalformedException(string message, Exception inner) : base(message, inner) { }
}
