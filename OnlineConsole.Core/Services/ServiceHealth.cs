using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Services;

/// <summary>Health of one piece of online software (a pod, a supervisord process, a database).</summary>
public sealed record ServiceHealth(string Name, string Kind, ServiceState State, string? Detail, SourceStamp Stamp);
