namespace OnlineConsole.Core.Live;

/// <summary>Where a value came from and when it was last written.</summary>
public readonly record struct SourceStamp(string Source, DateTimeOffset UpdatedAt)
{
    public TimeSpan AgeAt(DateTimeOffset now) => now - UpdatedAt;
}
