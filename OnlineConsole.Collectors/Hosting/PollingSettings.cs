namespace OnlineConsole.Collectors.Hosting;

/// <summary>The checks every polled source's options share: interval, timeout and unique target names.</summary>
public static class PollingSettings
{
    public static IEnumerable<string> Check(string section, TimeSpan pollInterval, TimeSpan timeout, TimeSpan? minTimeout = null)
    {
        if (pollInterval < TimeSpan.FromSeconds(1) || pollInterval > TimeSpan.FromHours(1)) yield return $"{section}:PollInterval must be between 00:00:01 and 01:00:00 (is {pollInterval}).";
        var tooShort = minTimeout is { } least ? timeout < least : timeout <= TimeSpan.Zero;
        if (tooShort || timeout > pollInterval)
            yield return minTimeout is { } min
                ? $"{section}:Timeout must be at least {min.TotalSeconds:0.#} s and at most PollInterval."
                : $"{section}:Timeout must be positive and at most PollInterval.";
    }

    /// <summary>Each of <paramref name="names"/> (the targets under <paramref name="list"/>) given and used once.</summary>
    public static IEnumerable<string> UniqueNames(string section, string list, IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name)) yield return $"{section}:{list}:{i}:Name is required.";
            else if (!seen.Add(name)) yield return $"{section}:{list}:{i}:Name '{name}' is used twice.";
            i++;
        }
    }
}
