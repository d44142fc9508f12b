namespace OnlineConsole.Collectors.Supervisor;

/// <summary>HTTP 401 from supervisord: wrong or missing credentials, shown as such rather than as "down".</summary>
public sealed class SupervisorAuthException : Exception
{
    public SupervisorAuthException() { }

    public SupervisorAuthException(string message) : base(message) { }

    public SupervisorAuthException(string message, Exception inner) : base(message, inner) { }
}
